# Completion for bash: put `eval "$(awsrole init bash)"` in ~/.bashrc.
_awsrole_complete() {
  local cur="${COMP_WORDS[COMP_CWORD]}"
  if [[ "$cur" == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "@AWSROLE_FLAGS@" -- "$cur")
  else
    mapfile -t COMPREPLY < <(compgen -W "$(command awsrole list --format names 2>/dev/null) @AWSROLE_COMMANDS@" -- "$cur")
  fi
}
complete -F _awsrole_complete awsrole
