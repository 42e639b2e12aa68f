# awsrole integration for fish: put `awsrole init fish | source` in ~/.config/fish/config.fish.
# awsrole reads the words with its own parser and answers with fish code: the role's variables,
# or, for a subcommand, help, version or an explicit --format, `command awsrole $argv` (it runs
# again plainly, its output on the terminal). The answer is evaluated only when awsrole
# succeeded, so a failure returns its exit status and changes nothing.
function awsrole --description 'Assume an AWS IAM role in this shell'
    # A pipe, not a command substitution (…), whose stderr would escape a redirection of this
    # function (`awsrole p 2>/dev/null`); read -z keeps the answer whole, line breaks and all.
    command awsrole --wrapper=fish $argv | read -lz code
    set -l awsrole_status $pipestatus[1]
    test $awsrole_status -eq 0
    or return $awsrole_status
    # `source - WORDS` gives the answer this function's words as its $argv.
    printf '%s' $code | source - $argv
end

# Completion: awsrole says what fits at the cursor (`awsrole --complete=WORD WORDS…`: formats
# after --format, shells after init, the flags of the subcommand, profile names), from the words
# before it as fish reads them (unquoted); fish matches the word itself.
function __awsrole_complete
    set -l words (commandline -opc)
    set -l current (commandline -ct)
    command awsrole "--complete=$current" $words[2..-1] 2>/dev/null
end
complete -c awsrole -f -a '(__awsrole_complete)'

# Renewal at the prompt (README, "Shells that renew themselves"). While a role is set
# (AWSROLE_PROFILE), a prompt with fewer than 10 minutes left on AWSROLE_EXPIRES_EPOCH runs
# `awsrole -q --no-prompt -- PROFILE` through the function above: from the cache or the MFA session,
# silently; a renewal that fails (a new MFA code is needed) leaves awsrole's one line and the
# shell as it was, and is not tried again for that session. Any other prompt compares two
# numbers: no process. AWSROLE_NO_REFRESH=1 turns it off. A session set with --role-arn alone
# (AWSROLE_PROFILE is the ARN) has no profile to renew from.
function __awsrole_refresh --on-event fish_prompt
    set -q AWSROLE_NO_REFRESH[1]; and test -n "$AWSROLE_NO_REFRESH"; and return
    test -n "$AWSROLE_PROFILE"; or return
    string match -q 'arn:*' -- $AWSROLE_PROFILE; and return
    # Keys that are no longer awsrole's (set by hand or by another tool) are left alone.
    test -n "$AWS_ACCESS_KEY_ID" -a "$AWS_ACCESS_KEY_ID" = "$AWSROLE_ACCESS_KEY_ID"; or return
    string match -qr '^[0-9]+$' -- "$AWSROLE_EXPIRES_EPOCH"; or return
    test "$AWSROLE_EXPIRES_EPOCH" = "$__awsrole_refresh_failed"; and return
    # fish has no clock variable; `path mtime` (fish 3.5) reads a time and the seconds since it,
    # inside fish. Older fish asks date.
    set -l now
    if builtin -q path
        set now (math (path mtime /) + (path mtime --relative /))
    else
        set now (date +%s)
    end
    test (math $AWSROLE_EXPIRES_EPOCH - $now) -lt 600; or return
    awsrole -q --no-prompt -- $AWSROLE_PROFILE
    or set -g __awsrole_refresh_failed $AWSROLE_EXPIRES_EPOCH
end
