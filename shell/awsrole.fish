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
