# Completion for bash: put `eval "$(awsrole init bash)"` in ~/.bashrc. The names are compared
# as text, never given to compgen -W, which would expand `$(…)` in a profile name: a config file
# is data, not code.
_awsrole_complete() {
  local cur="${COMP_WORDS[COMP_CWORD]}" word
  COMPREPLY=()
  if [[ "$cur" == -* ]]; then
    for word in @AWSROLE_FLAGS@; do
      [[ "$word" == "$cur"* ]] && COMPREPLY+=("$word")
    done
  else
    while IFS= read -r word; do
      [[ "$word" == "$cur"* ]] && COMPREPLY+=("$word")
    done < <(command awsrole list --format names 2>/dev/null; printf '%s\n' @AWSROLE_COMMANDS@)
  fi
  return 0
}
complete -F _awsrole_complete awsrole
