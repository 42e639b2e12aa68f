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
    $awsroleArgs = $args
    $code = & $global:AwsroleExe --wrapper=powershell $awsroleArgs
    if ($LASTEXITCODE -ne 0) { return }
    . ([scriptblock]::Create(($code -join "`n")))
}

# Completion text is code PowerShell reads: a name that is not a plain word goes in single
# quotes (its quote characters doubled, as the PowerShell format writes them), so `my proc` stays
# one word and `$(…)` in a name stays text.
Register-ArgumentCompleter -Native -CommandName awsrole -ScriptBlock {
    param($wordToComplete)
    # The word as typed, unquoted: PowerShell gives a quote the user opened closed ('my p').
    $prefix = "$wordToComplete"
    if ($prefix -match '^[''\u2018-\u201B"](.*?)[''\u2018-\u201B"]?$') { $prefix = $Matches[1] }
    $words = if ($prefix.StartsWith('-')) { '@AWSROLE_FLAGS@' -split ' ' } else { @(& $global:AwsroleExe list --format names 2>$null) + ('@AWSROLE_COMMANDS@' -split ' ') }
    foreach ($word in $words) {
        if (-not "$word".StartsWith($prefix, [System.StringComparison]::Ordinal)) { continue }
        $text = if ("$word" -match '^[\w./:+=-][\w./:@+=-]*$') { "$word" } else { "'" + ("$word" -replace "['\u2018-\u201B]", '$0$0') + "'" }
        [System.Management.Automation.CompletionResult]::new($text, "$word", 'ParameterValue', "$word")
    }
}
