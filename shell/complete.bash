# Completion for bash: put `eval "$(awsrole init bash)"` in ~/.bashrc. The names are compared
# as text, never given to compgen -W, which would expand `$(…)` in a profile name: a config file
# is data, not code. Each name goes in quoted for bash, as zsh and fish insert them: `my proc`
# becomes `my\ proc` (printf %q), one word, and `$(x)` stays text; after an opening quote that
# the user typed, it is quoted for the inside of those quotes.
_awsrole_complete() {
  local cur="${COMP_WORDS[COMP_CWORD]}" word typed="" i
  COMPREPLY=()
  if [[ "$cur" == -* ]]; then
    for word in @AWSROLE_FLAGS@; do
      [[ "$word" == "$cur"* ]] && COMPREPLY+=("$word")
    done
    return 0
  fi
  # The word as typed, unquoted, to compare with the names: 'my p, "my p and my\ p are `my p`.
  case "$cur" in
    [\'\"]*) typed="${cur:1}" ;;
    *)
      for ((i = 0; i < ${#cur}; i++)); do
        [[ "${cur:i:1}" == \\ ]] && ((i++))
        typed+="${cur:i:1}"
      done
      ;;
  esac
  while IFS= read -r word; do
    [[ "$word" == "$typed"* ]] || continue
    case "$cur" in
      \'*) word="${word//\'/\'\\\'\'}" ;;
      \"*) word="$(printf '%s' "$word" | sed 's/[\\$`"]/\\&/g')" ;;
      *) printf -v word '%q' "$word" ;;
    esac
    COMPREPLY+=("$word")
  done < <(command awsrole list --format names 2>/dev/null; printf '%s\n' @AWSROLE_COMMANDS@)
  return 0
}
complete -F _awsrole_complete awsrole
