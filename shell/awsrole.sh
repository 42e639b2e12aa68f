# awsrole's shell function for bash and zsh (`awsrole init bash|zsh` prints it, followed by that
# shell's completion). `awsrole PROFILE` sets the role in this shell; subcommands, help and an
# explicit --format pass straight through. The output is evaluated only when awsrole succeeded,
# so a failure returns its exit status and changes nothing. `function NAME {` rather than
# `NAME() {`: an alias named awsrole cannot turn this definition into a syntax error.
function awsrole {
  local arg
  case "${1-}" in
    "" | init | exec | status | list | console | -h | --help | --version) command awsrole "$@"; return ;;
  esac
  for arg in "$@"; do
    case "$arg" in
      --) break ;;
      -f | -f?* | --format | --shell | --format=* | --shell=* | -h | --help | --version) command awsrole "$@"; return ;;
    esac
  done
  local __awsrole_code
  # The format goes first: after a `--` it would be read as a profile name.
  __awsrole_code="$(command awsrole --format @AWSROLE_FORMAT@ "$@")" || return
  eval "$__awsrole_code"
}
