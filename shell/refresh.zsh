# Renewal at the prompt for zsh (README, "Shells that renew themselves"). While a role is set
# (AWSROLE_PROFILE), a prompt with fewer than 10 minutes left on AWSROLE_EXPIRES_EPOCH runs
# `awsrole -q --no-prompt -- PROFILE` through the function above: from the cache or the MFA session,
# silently; a renewal that fails (a new MFA code is needed) leaves awsrole's one line and the
# shell as it was, and is not tried again for that session. Any other prompt compares two
# numbers: no process (EPOCHSECONDS, from zsh/datetime). AWSROLE_NO_REFRESH=1 turns it off. A
# session set with --role-arn alone (AWSROLE_PROFILE is the ARN) has no profile to renew from.
# Keys that are no longer awsrole's (AWS_ACCESS_KEY_ID is not AWSROLE_ACCESS_KEY_ID: set by hand
# or by another tool) are left alone. A glob, not =~, so the user's $MATCH survives the prompt.
zmodload -F zsh/datetime p:EPOCHSECONDS 2>/dev/null
__awsrole_refresh() {
  local last=$?
  if [[ -z "${AWSROLE_NO_REFRESH:-}" && -n "${AWSROLE_PROFILE:-}" && "$AWSROLE_PROFILE" != arn:* &&
    -n "${AWS_ACCESS_KEY_ID:-}" && "$AWS_ACCESS_KEY_ID" == "${AWSROLE_ACCESS_KEY_ID:-}" &&
    -n "${AWSROLE_EXPIRES_EPOCH:-}" && "$AWSROLE_EXPIRES_EPOCH" != *[!0-9]* &&
    "$AWSROLE_EXPIRES_EPOCH" != "${__awsrole_refresh_failed:-}" ]] &&
    (( AWSROLE_EXPIRES_EPOCH - EPOCHSECONDS < 600 )); then
    \awsrole -q --no-prompt -- "$AWSROLE_PROFILE" || typeset -g __awsrole_refresh_failed="$AWSROLE_EXPIRES_EPOCH"
  fi
  return $last
}
# Added to precmd_functions, beside the user's own; once.
(( ${precmd_functions[(Ie)__awsrole_refresh]} )) || precmd_functions+=(__awsrole_refresh)
