# Completion for zsh: put `eval "$(awsrole init zsh)"` in ~/.zshrc (after compinit, for Tab; the
# function works without it). compadd takes the names as words: nothing in them is evaluated.
_awsrole() {
  if [[ "$PREFIX" == -* ]]; then
    compadd -- @AWSROLE_FLAGS@
  else
    compadd -- ${(f)"$(command awsrole list --format names 2>/dev/null)"} @AWSROLE_COMMANDS@
  fi
}
if (( $+functions[compdef] )); then compdef _awsrole awsrole; fi
