# awsrole integration for zsh: put `eval "$(awsrole init zsh)"` in ~/.zshrc (after compinit).
# `awsrole PROFILE` then sets the role in this shell; subcommands, help and explicit --format
# pass straight through. The output is evaluated only when awsrole succeeded.
awsrole() {
  local arg
  case "${1-}" in
    "" | init | exec | status | list | console | -h | --help | --version) command awsrole "$@"; return ;;
  esac
  for arg in "$@"; do
    case "$arg" in
      -f | --format | --shell | --format=* | --shell=* | -h | --help) command awsrole "$@"; return ;;
    esac
  done
  local __awsrole_code
  __awsrole_code="$(command awsrole "$@" --format zsh)" || return
  eval "$__awsrole_code"
}

_awsrole() {
  if [[ "$PREFIX" == -* ]]; then
    compadd -- @AWSROLE_FLAGS@
  else
    compadd -- ${(f)"$(command awsrole list --format names 2>/dev/null)"} @AWSROLE_COMMANDS@
  fi
}
(( $+functions[compdef] )) && compdef _awsrole awsrole
