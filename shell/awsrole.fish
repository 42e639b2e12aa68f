# awsrole integration for fish: put `awsrole init fish | source` in ~/.config/fish/config.fish.
# `awsrole PROFILE` then sets the role in this shell; subcommands, help and explicit --format
# pass straight through. The output is evaluated only when awsrole succeeded.
function awsrole --description 'Assume an AWS IAM role in this shell'
    switch "$argv[1]"
        case '' init exec status list console -h --help --version
            command awsrole $argv
            return $status
    end
    for arg in $argv
        switch $arg
            case --
                break
            case -f '-f?*' --format --shell '--format=*' '--shell=*' -h --help --version
                command awsrole $argv
                return $status
        end
    end
    # `set` keeps the status of its command substitution: 0 only when awsrole succeeded.
    # The format goes first: after a `--` it would be read as a profile name.
    set -l code (command awsrole --format fish $argv)
    or return $status
    printf '%s\n' $code | source
end

complete -c awsrole -f -n 'not string match -q -- "-*" (commandline -ct)' -a '(command awsrole list --format names 2>/dev/null)'
complete -c awsrole -f -a '@AWSROLE_COMMANDS@'
for flag in @AWSROLE_FLAGS@
    complete -c awsrole -l (string replace -- '--' '' $flag)
end
