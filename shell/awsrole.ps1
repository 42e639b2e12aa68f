# awsrole integration for PowerShell: add `awsrole init powershell | Out-String | Invoke-Expression`
# to $PROFILE. awsrole reads the words with its own parser and answers with PowerShell code: the
# role's variables, or, for a subcommand, help, version or an explicit --format, a line that runs
# it again plainly, its output on the console. The answer is evaluated only when awsrole
# succeeded ($LASTEXITCODE 0), so a failure changes nothing and leaves its exit code in
# $LASTEXITCODE. Only the engine's own constructs ([scriptblock]::Create, indexing), so it runs
# unchanged in a bare System.Management.Automation runspace as in pwsh and Windows PowerShell.
# The awsrole on PATH, else the bare name (loading must not fail under Set-StrictMode when there is none).
$global:AwsroleExe = & {
    foreach ($found in @(Get-Command awsrole -CommandType Application -ErrorAction SilentlyContinue)) { return $found.Source }
    'awsrole'
}
# What the function runs with the words. On Windows npm's awsrole is a batch file, awsrole.cmd,
# through which cmd.exe would read the words again (`&`, `|`, `%VAR%`): there `awsrole init
# powershell` writes in node and awsrole's cli.cjs themselves; elsewhere they are ''.
$global:AwsroleProgram = '@AWSROLE_NODE@'
$global:AwsroleProgramArgs = @('@AWSROLE_CLI@')
if ($global:AwsroleProgram -eq '') { $global:AwsroleProgram = $global:AwsroleExe; $global:AwsroleProgramArgs = @() }

# PowerShell's NeedQuotes: white space outside double quotes. A literal array whose item has
# it goes to a program item by item, not as its text.
function awsroleNeedsQuotes([string]$text) {
    $quotes = 0
    $afterBackslash = $false
    foreach ($c in $text.ToCharArray()) {
        if ($c -eq [char]'"' -and -not $afterBackslash) { $quotes++ }
        elseif ([char]::IsWhiteSpace($c) -and $quotes % 2 -eq 0) { return $true }
        $afterBackslash = $c -eq [char]'\'
    }
    return $false
}

function awsrole {
    # The words exactly as `& awsrole WORDS` would hand them to the program (PowerShell 7's native
    # argument passing, NativeCommandParameterBinder), in an array that the answer's plain re-run
    # names too; never @splatted. A function is given its words otherwise: PowerShell takes a bare
    # `--` away (`awsrole -- list`, a profile named list), and gives an unquoted a,b as an array,
    # where a program gets the text `a,b`. The typed line, read with PowerShell's parser, says
    # where they were, when its words match the words given one for one (no @splat, no
    # -name:value, all on this line); otherwise the words are taken as given.
    $awsroleArgs = [System.Collections.Generic.List[object]]::new()
    $at = $MyInvocation.OffsetInLine
    $line = [System.Management.Automation.Language.Parser]::ParseInput($MyInvocation.Line, [ref]$null, [ref]$null)
    $call = $line.Find({ param($node) $node -is [System.Management.Automation.Language.CommandAst] -and $node.Extent.StartColumnNumber -eq $at }, $true)
    $typed = $null
    $dashes = -1
    if ($null -ne $call) {
        $typed = [System.Collections.Generic.List[object]]::new()
        $elements = $call.CommandElements
        for ($i = 1; $i -lt $elements.Count; $i++) {
            $word = $elements[$i]
            if (($word -is [System.Management.Automation.Language.VariableExpressionAst] -and $word.Splatted) -or ($word -is [System.Management.Automation.Language.CommandParameterAst] -and $null -ne $word.Argument)) { $typed = $null; break }
            if ($dashes -lt 0 -and $word -is [System.Management.Automation.Language.CommandParameterAst] -and $word.Extent.Text -eq '--') { $dashes = $typed.Count }
            $typed.Add($word)
        }
        if ($null -ne $typed -and $typed.Count - [int]($dashes -ge 0) -ne $args.Count) { $typed = $null }
        if ($null -eq $typed) { $dashes = -1 }
    }
    # After a word --% (stop-parsing, also quoted) a program gets each later word with its
    # %VARIABLES% expanded, split at spaces; --% itself is not passed.
    $verbatim = $false
    $j = 0
    for ($i = 0; $i -lt $args.Count; $i++) {
        $word = $args[$i]
        $ast = $null
        if ($null -ne $typed) {
            if ($j -eq $dashes) { $awsroleArgs.Add('--'); $j++ }
            $ast = $typed[$j]
            $j++
        }
        if ($word -is [string] -and [string]::Equals($word, '--%', [System.StringComparison]::OrdinalIgnoreCase)) { $verbatim = $true; continue }
        # An array reaches a program as its items, one word each (an item that is an array again
        # as one word, its items joined by spaces); a null item as no word, an empty one as ''.
        $items = [System.Management.Automation.LanguagePrimitives]::GetEnumerable($word)
        if ($null -eq $items) { $items = @(, $word) }
        foreach ($item in $items) {
            if ($null -eq $item) { continue }
            $text = "$item"
            if ($text -eq '') { $awsroleArgs.Add('') }
            elseif ($verbatim) { foreach ($part in [System.Environment]::ExpandEnvironmentVariables($text).Split(' ', [System.StringSplitOptions]::RemoveEmptyEntries)) { $awsroleArgs.Add($part) } }
            elseif ($ast -is [System.Management.Automation.Language.ArrayLiteralAst] -and -not (awsroleNeedsQuotes $text)) {
                # An unquoted a,b: the program gets the text as typed, split at spaces (`a, b` is `a,` and `b`).
                foreach ($part in $ast.Extent.Text.Split(' ', [System.StringSplitOptions]::RemoveEmptyEntries)) { $awsroleArgs.Add($part) }
                break
            }
            else { $awsroleArgs.Add($item) }
        }
    }
    if ($j -eq $dashes) { $awsroleArgs.Add('--') }
    $code = & $global:AwsroleProgram $global:AwsroleProgramArgs --wrapper=powershell $awsroleArgs
    if ($LASTEXITCODE -ne 0) { return }
    . ([scriptblock]::Create(($code -join "`n")))
}

# Completion: awsrole says what fits at the cursor (`awsrole --complete=WORD WORDS…`: formats
# after --format, shells after init, the flags of the subcommand, profile names), from the words
# before it, unquoted. Completion text is code PowerShell reads: a name that is not a plain word
# goes in single quotes (its quote characters doubled, as the PowerShell format writes them), so
# `my proc` stays one word and `$(…)` in a name stays text.
Register-ArgumentCompleter -Native -CommandName awsrole -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    # The word as typed, unquoted: PowerShell gives a quote the user opened closed ('my p').
    $prefix = "$wordToComplete"
    if ($prefix -match '^[''\u2018-\u201B"](.*?)[''\u2018-\u201B"]?$') { $prefix = $Matches[1] }
    # The words before the cursor's: a quoted word's value, any other as typed (`--format`, `-qf`).
    $elements = $commandAst.CommandElements
    $before = @(for ($i = 1; $i -lt $elements.Count -and $elements[$i].Extent.EndOffset -lt $cursorPosition; $i++) {
        if ($elements[$i] -is [System.Management.Automation.Language.StringConstantExpressionAst]) { $elements[$i].Value } else { $elements[$i].Extent.Text }
    })
    # Names are printed in UTF-8, and PowerShell decodes a program's output in
    # [Console]::OutputEncoding (the console's code page: 437, 850, ...): read them as UTF-8.
    $was = [Console]::OutputEncoding
    $words = try {
        try { [Console]::OutputEncoding = [System.Text.UTF8Encoding]::new($false) } catch { }
        @(& $global:AwsroleProgram $global:AwsroleProgramArgs "--complete=$prefix" $before 2>$null)
    } finally { try { [Console]::OutputEncoding = $was } catch { } }
    foreach ($word in $words) {
        if (-not "$word".StartsWith($prefix, [System.StringComparison]::Ordinal)) { continue }
        $text = if ("$word" -match '^[\w./:+=-][\w./:@+=-]*$') { "$word" } else { "'" + ("$word" -replace "['\u2018-\u201B]", '$0$0') + "'" }
        [System.Management.Automation.CompletionResult]::new($text, "$word", 'ParameterValue', "$word")
    }
}

# Renewal at the prompt (README, "Shells that renew themselves"). While a role is set
# (AWSROLE_PROFILE), a prompt with fewer than 10 minutes left on AWSROLE_EXPIRES_EPOCH runs
# `awsrole -q --no-prompt -- PROFILE` through the function above: from the cache or the MFA session,
# silently; a renewal that fails (a new MFA code is needed) leaves awsrole's one line and the
# shell as it was, and is not tried again for that session. Any other prompt compares two
# numbers: no process. AWSROLE_NO_REFRESH=1 turns it off. A session set with --role-arn alone
# (AWSROLE_PROFILE is the ARN) has no profile to renew from. $LASTEXITCODE is kept for the prompt.
function global:__AwsroleRefresh {
    # The profile's error preferences (Stop, native errors as exceptions) made local: a renewal
    # that fails prints its line and must not throw out of prompt.
    $ErrorActionPreference = 'Continue'
    $PSNativeCommandUseErrorActionPreference = $false
    $expires = "$env:AWSROLE_EXPIRES_EPOCH"
    # Variables read through PSVariable: under Set-StrictMode one never set is an error.
    $variables = $ExecutionContext.SessionState.PSVariable
    if ($env:AWSROLE_NO_REFRESH -or -not $env:AWSROLE_PROFILE -or $env:AWSROLE_PROFILE.StartsWith('arn:') -or $expires -notmatch '^[0-9]+$' -or $expires -eq $variables.GetValue('AwsroleRefreshFailed')) { return }
    # Keys that are no longer awsrole's (set by hand or by another tool) are left alone.
    if (-not $env:AWS_ACCESS_KEY_ID -or $env:AWS_ACCESS_KEY_ID -cne $env:AWSROLE_ACCESS_KEY_ID) { return }
    if ([long]$expires - [DateTimeOffset]::UtcNow.ToUnixTimeSeconds() -ge 600) { return }
    $lastExit = $variables.GetValue('LASTEXITCODE')
    # '--' quoted: PowerShell takes a bare one away; a profile named like a subcommand or a flag stays a profile.
    awsrole -q --no-prompt '--' $env:AWSROLE_PROFILE
    if ($global:LASTEXITCODE -ne 0) { $global:AwsroleRefreshFailed = $expires }
    $global:LASTEXITCODE = $lastExit
}
# The prompt function wrapped, once: whatever prompt the profile set before this line still draws.
if (-not $ExecutionContext.SessionState.PSVariable.GetValue('AwsroleUserPrompt')) {
    $global:AwsroleUserPrompt = $function:prompt
    # $? kept for the user's prompt (prompts show a failure from it): read first, and made False
    # again, by a command that fails without a trace, just before the user's prompt runs.
    function global:prompt {
        $awsroleOk = $?
        __AwsroleRefresh
        if (-not $awsroleOk) { Write-Error '' -ErrorAction Ignore }
        if ($global:AwsroleUserPrompt) { & $global:AwsroleUserPrompt } else { 'PS> ' }
    }
}
