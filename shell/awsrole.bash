# awsrole integration for bash: put `eval "$(awsrole init bash)"` in ~/.bashrc.
# `awsrole PROFILE` then sets the role in this shell; subcommands, help and explicit --format
# pass straight through. The output is evaluated only when awsrole succeeded, so a failure
# returns its exit status and changes nothing.
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
  __awsrole_code="$(command awsrole "$@" --format bash)" || return
  eval "$__awsrole_code"
}

_awsrole_complete() {
  local cur="${COMP_WORDS[COMP_CWORD]}"
  if [[ "$cur" == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "@AWSROLE_FLAGS@" -- "$cur")
  else
    mapfile -t COMPREPLY < <(compgen -W "$(command awsrole list --format names 2>/dev/null) @AWSROLE_COMMANDS@" -- "$cur")
  fi
}
complete -F _awsrole_complete awsrole
