# Completion for bash: put `eval "$(awsrole init bash)"` in ~/.bashrc. awsrole says what fits
# at the cursor (`awsrole --complete=WORD WORDS…`: formats after --format, shells after init,
# the flags of the subcommand, profile names). The words are compared as text, never given to
# compgen -W, which would expand `$(…)` in a profile name: a config file is data, not code. Each
# goes in quoted for bash, as zsh and fish insert them: `my proc` becomes `my\ proc` (printf %q),
# one word, and `$(x)` stays text; after an opening quote that the user typed, it is quoted for
# the inside of those quotes.
_awsrole_complete() {
  local cur="${COMP_WORDS[COMP_CWORD]}" word typed joined="" i n=0
  local -a words=()
  COMPREPLY=()
  # bash splits `--format=js` and `arn:aws:…` at = and : (COMP_WORDBREAKS): join them again,
  # so awsrole reads the words as typed; `joined` is what the word at the cursor holds before cur.
  for ((i = 1; i <= COMP_CWORD; i++)); do
    word="${COMP_WORDS[i]}"
    if ((n > 0)) && [[ "$word" =~ ^[=:]+$ || "${words[n - 1]}" =~ [=:]$ ]]; then
      joined="${words[n - 1]}"
      words[n - 1]+="$word"
      # The cursor right after the break character (`--format=`, `a:`): cur is that character,
      # but readline replaces only the empty text after it, so the reply drops it too.
      if ((i == COMP_CWORD)) && [[ "$word" != *[!=:]* ]]; then joined="${words[n - 1]}"; fi
    else
      joined=""
      words[n++]="$word"
    fi
  done
  for ((i = 0; i < n; i++)); do _awsrole_unquote "words[$i]" "${words[i]}"; done
  typed="${words[n - 1]}"
  while IFS= read -r word; do
    [[ "$word" == "$typed"* ]] || continue
    case "$cur" in
      \'*) word="${word//\'/\'\\\'\'}" ;;
      \"*) word="$(printf '%s' "$word" | sed 's/[\\$`"]/\\&/g')" ;;
      *) printf -v word '%q' "$word" ;;
    esac
    # bash replaces cur alone: drop what the word holds before it (`--format=`).
    [[ -n "$joined" && "$word" == "$joined"* ]] && word="${word:${#joined}}"
    COMPREPLY+=("$word")
  done < <(command awsrole "--complete=$typed" "${words[@]:0:n-1}" 2>/dev/null)
  return 0
}
# Sets variable $1 to the word $2 as typed, unquoted: 'my p', "my p and my\ p are `my p`.
_awsrole_unquote() {
  local text="$2" plain="" i
  case "$text" in
    \'*) plain="${text:1}" && plain="${plain%\'}" ;;
    \"*) plain="${text:1}" && plain="${plain%\"}" ;;
    *)
      for ((i = 0; i < ${#text}; i++)); do
        [[ "${text:i:1}" == \\ ]] && ((i++))
        plain+="${text:i:1}"
      done
      ;;
  esac
  printf -v "$1" '%s' "$plain"
}
complete -F _awsrole_complete awsrole
