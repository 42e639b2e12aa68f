# awsrole's shell function for bash and zsh (`awsrole init bash|zsh` prints it, followed by that
# shell's completion). awsrole reads the words with its own parser and answers with code for
# this shell: the role's variables, or, for a subcommand, help, version or an explicit
# --format, `command awsrole "$@"` (it runs again plainly, its output on the terminal). The
# answer is evaluated only when awsrole succeeded, so a failure returns its exit status and
# changes nothing. `function NAME {` rather than `NAME() {`: an alias named awsrole cannot turn
# this definition into a syntax error.
function awsrole {
  local __awsrole_code
  __awsrole_code="$(command awsrole --wrapper=@AWSROLE_FORMAT@ "$@")" || return
  # `|| return`: under `set -e` a failing pass-through would otherwise exit the shell from inside
  # eval, in a function with a local, where bash prints "pop_var_context: head of shell_variables
  # not a function context"; returned instead, the caller's errexit stops the script cleanly.
  eval "$__awsrole_code" || return
}
