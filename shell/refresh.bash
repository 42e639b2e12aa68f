# Renewal at the prompt for bash (README, "Shells that renew themselves"). While a role is set
# (AWSROLE_PROFILE), a prompt with fewer than 10 minutes left on AWSROLE_EXPIRES_EPOCH runs
# `awsrole -q --no-prompt -- PROFILE` through the function above: from the cache or the MFA session,
# silently; a renewal that fails (a new MFA code is needed) leaves awsrole's one line and the
# shell as it was, and is not tried again for that session. Any other prompt compares two
# numbers: no process. AWSROLE_NO_REFRESH=1 turns it off. A session set with --role-arn alone
# (AWSROLE_PROFILE is the ARN) has no profile to renew from. Keys that are no longer awsrole's
# (AWS_ACCESS_KEY_ID is not AWSROLE_ACCESS_KEY_ID: set by hand or by another tool) are left
# alone. A glob, not =~, so the user's BASH_REMATCH survives the prompt.
__awsrole_refresh() {
  local last=$? now
  if [[ -z "${AWSROLE_NO_REFRESH:-}" && -n "${AWSROLE_PROFILE:-}" && "$AWSROLE_PROFILE" != arn:* &&
    -n "${AWS_ACCESS_KEY_ID:-}" && "$AWS_ACCESS_KEY_ID" == "${AWSROLE_ACCESS_KEY_ID:-}" &&
    -n "${AWSROLE_EXPIRES_EPOCH:-}" && "$AWSROLE_EXPIRES_EPOCH" != *[!0-9]* &&
    "$AWSROLE_EXPIRES_EPOCH" != "${__awsrole_refresh_failed:-}" ]]; then
    # EPOCHSECONDS from bash 5; printf's %(%s)T from 4.2. Both are the shell's own clock.
    now="${EPOCHSECONDS:-}"
    [[ -n "$now" ]] || printf -v now '%(%s)T' -1
    if ((AWSROLE_EXPIRES_EPOCH - now < 600)); then
      \awsrole -q --no-prompt -- "$AWSROLE_PROFILE" || __awsrole_refresh_failed="$AWSROLE_EXPIRES_EPOCH"
    fi
  fi
  return "$last"
}
# Appended to PROMPT_COMMAND (a list since bash 5.1, else a string), never in place of it; once.
if [[ "$(declare -p PROMPT_COMMAND 2>/dev/null)" == "declare -a"* ]]; then
  [[ " ${PROMPT_COMMAND[*]} " == *" __awsrole_refresh "* ]] || PROMPT_COMMAND+=(__awsrole_refresh)
elif [[ "${PROMPT_COMMAND:-}" != *__awsrole_refresh* ]]; then
  PROMPT_COMMAND="${PROMPT_COMMAND:+$PROMPT_COMMAND$'\n'}__awsrole_refresh"
fi
