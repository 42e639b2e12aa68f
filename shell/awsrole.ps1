# awsrole integration for PowerShell: add `awsrole init powershell | Out-String | Invoke-Expression`
# to $PROFILE. `awsrole PROFILE` then sets the role in this session; subcommands, help and an
# explicit --format pass straight through. The output is evaluated only when awsrole succeeded
# ($LASTEXITCODE 0), so a failure changes nothing and leaves its exit code in $LASTEXITCODE.
# Only the engine's own constructs ([scriptblock]::Create, foreach, indexing), so it runs
# unchanged in a bare System.Management.Automation runspace as in pwsh and Windows PowerShell.
$global:AwsroleExe = @(Get-Command awsrole -CommandType Application -ErrorAction SilentlyContinue)[0].Source

function awsrole {
    $passThrough = @('init', 'exec', 'status', 'list', 'console', '-h', '--help', '--version')
    $direct = $args.Count -eq 0 -or $passThrough -contains $args[0]
    foreach ($arg in $args) {
        if ("$arg" -eq '--') { break }
        if ("$arg" -match '^(-f|--format|--shell)(=|$)|^-f.|^(-h|--help|--version)$') { $direct = $true }
    }
    if ($direct) {
        & $global:AwsroleExe @args
        return
    }
    # The format goes first: after a `--` it would be read as a profile name.
    $code = & $global:AwsroleExe --format powershell @args
    if ($LASTEXITCODE -ne 0) { return }
    . ([scriptblock]::Create(($code -join "`n")))
}

Register-ArgumentCompleter -Native -CommandName awsrole -ScriptBlock {
    param($wordToComplete)
    $prefix = "$wordToComplete"
    $words = if ($prefix.StartsWith('-')) { '@AWSROLE_FLAGS@' -split ' ' } else { @(& $global:AwsroleExe list --format names 2>$null) + ('@AWSROLE_COMMANDS@' -split ' ') }
    foreach ($word in $words) {
        if ("$word".StartsWith($prefix)) { [System.Management.Automation.CompletionResult]::new($word) }
    }
}
