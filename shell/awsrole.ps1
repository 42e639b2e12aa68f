# awsrole integration for PowerShell: add `awsrole init powershell | Out-String | Invoke-Expression`
# to $PROFILE. awsrole reads the words with its own parser and answers with PowerShell code: the
# role's variables, or, for a subcommand, help, version or an explicit --format, a line that runs
# it again plainly, its output on the console. The answer is evaluated only when awsrole
# succeeded ($LASTEXITCODE 0), so a failure changes nothing and leaves its exit code in
# $LASTEXITCODE. Only the engine's own constructs ([scriptblock]::Create, indexing), so it runs
# unchanged in a bare System.Management.Automation runspace as in pwsh and Windows PowerShell.
$global:AwsroleExe = @(Get-Command awsrole -CommandType Application -ErrorAction SilentlyContinue)[0].Source

function awsrole {
    # The words as an array, never @splatted (splatting drops a word `--%`); the answer that runs
    # awsrole again names this variable.
    $awsroleArgs = @($args)
    # PowerShell takes a bare `--` away from a function's words (`awsrole -- list`, a profile
    # named list): put it back where the typed line has it. Only when the line's words match
    # the words given one for one (no @splat, no -name:value before it, all on this line);
    # otherwise they stay as PowerShell gave them.
    $at = $MyInvocation.OffsetInLine
    $line = [System.Management.Automation.Language.Parser]::ParseInput($MyInvocation.Line, [ref]$null, [ref]$null)
    $call = $line.Find({ param($node) $node -is [System.Management.Automation.Language.CommandAst] -and $node.Extent.StartColumnNumber -eq $at }, $true)
    if ($null -ne $call -and $call.CommandElements.Count - 2 -eq $awsroleArgs.Count) {
        $elements = $call.CommandElements
        for ($i = 1; $i -lt $elements.Count; $i++) {
            $word = $elements[$i]
            if ($word -is [System.Management.Automation.Language.CommandParameterAst] -and $word.Extent.Text -eq '--') {
                $n = $i - 1
                $awsroleArgs = @(if ($n -gt 0) { $awsroleArgs[0..($n - 1)] }) + @('--') + @(if ($n -lt $awsroleArgs.Count) { $awsroleArgs[$n..($awsroleArgs.Count - 1)] })
                break
            }
            if (($word -is [System.Management.Automation.Language.VariableExpressionAst] -and $word.Splatted) -or ($word -is [System.Management.Automation.Language.CommandParameterAst] -and $null -ne $word.Argument)) { break }
        }
    }
    $code = & $global:AwsroleExe --wrapper=powershell $awsroleArgs
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
        @(& $global:AwsroleExe "--complete=$prefix" $before 2>$null)
    } finally { try { [Console]::OutputEncoding = $was } catch { } }
    foreach ($word in $words) {
        if (-not "$word".StartsWith($prefix, [System.StringComparison]::Ordinal)) { continue }
        $text = if ("$word" -match '^[\w./:+=-][\w./:@+=-]*$') { "$word" } else { "'" + ("$word" -replace "['\u2018-\u201B]", '$0$0') + "'" }
        [System.Management.Automation.CompletionResult]::new($text, "$word", 'ParameterValue', "$word")
    }
}

# Renewal at the prompt (README, "Shells that renew themselves"). While a role is set
# (AWSROLE_PROFILE), a prompt with fewer than 10 minutes left on AWSROLE_EXPIRES_EPOCH runs
# `awsrole PROFILE -q --no-prompt` through the function above: from the cache or the MFA session,
# silently; a renewal that fails (a new MFA code is needed) leaves awsrole's one line and the
# shell as it was, and is not tried again for that session. Any other prompt compares two
# numbers: no process. AWSROLE_NO_REFRESH=1 turns it off. A session set with --role-arn alone
# (AWSROLE_PROFILE is the ARN) has no profile to renew from. $LASTEXITCODE is kept for the prompt.
function global:__AwsroleRefresh {
    $expires = "$env:AWSROLE_EXPIRES_EPOCH"
    # Variables read through PSVariable: under Set-StrictMode one never set is an error.
    $variables = $ExecutionContext.SessionState.PSVariable
    if ($env:AWSROLE_NO_REFRESH -or -not $env:AWSROLE_PROFILE -or $env:AWSROLE_PROFILE.StartsWith('arn:') -or $expires -notmatch '^[0-9]+$' -or $expires -eq $variables.GetValue('AwsroleRefreshFailed')) { return }
    if ([long]$expires - [DateTimeOffset]::UtcNow.ToUnixTimeSeconds() -ge 600) { return }
    $lastExit = $variables.GetValue('LASTEXITCODE')
    awsrole $env:AWSROLE_PROFILE -q --no-prompt
    if ($global:LASTEXITCODE -ne 0) { $global:AwsroleRefreshFailed = $expires }
    $global:LASTEXITCODE = $lastExit
}
# The prompt function wrapped, once: whatever prompt the profile set before this line still draws.
if (-not $ExecutionContext.SessionState.PSVariable.GetValue('AwsroleUserPrompt')) {
    $global:AwsroleUserPrompt = $function:prompt
    function global:prompt { __AwsroleRefresh; if ($global:AwsroleUserPrompt) { & $global:AwsroleUserPrompt } else { 'PS> ' } }
}
