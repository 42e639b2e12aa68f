# Completion for zsh: put `eval "$(awsrole init zsh)"` in ~/.zshrc (after compinit).
_awsrole() {
  if [[ "$PREFIX" == -* ]]; then
    compadd -- @AWSROLE_FLAGS@
  else
    compadd -- ${(f)"$(command awsrole list --format names 2>/dev/null)"} @AWSROLE_COMMANDS@
  fi
}
(( $+functions[compdef] )) && compdef _awsrole awsrole
