# Completion for zsh: put `eval "$(awsrole init zsh)"` in ~/.zshrc (after compinit, for Tab; the
# function works without it). awsrole says what fits at the cursor (`awsrole --complete=WORD
# WORDS…`: formats after --format, shells after init, the flags of the subcommand, profile
# names), from the words unquoted; compadd takes its answer as words: nothing in them is evaluated.
_awsrole() {
  local -a candidates
  candidates=(${(f)"$(command awsrole "--complete=${(Q)PREFIX}" "${(@Q)words[2,CURRENT-1]}" 2>/dev/null)"})
  compadd -- $candidates
}
if (( $+functions[compdef] )); then compdef _awsrole awsrole; fi
