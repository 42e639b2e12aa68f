# awsrole integration for PowerShell: add `awsrole init powershell | Out-String | Invoke-Expression`
# to $PROFILE. `awsrole PROFILE` then sets the role in this session; subcommands, help and an
# explicit --format pass straight through. The output is evaluated only when awsrole succeeded
# ($LASTEXITCODE 0), so a failure changes nothing.
$script:AwsroleExe = (Get-Command awsrole -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source

function awsrole {
    $passThrough = @('init', 'exec', 'status', 'list', 'console', '-h', '--help', '--version')
    if ($args.Count -eq 0 -or $passThrough -contains $args[0] -or ($args | Where-Object { $_ -match '^(-f|--format|--shell)(=|$)' })) {
        & $script:AwsroleExe @args
        return
    }
    $code = & $script:AwsroleExe @args --format powershell
    if ($LASTEXITCODE -ne 0) { return }
    ($code -join "`n") | Invoke-Expression
}

Register-ArgumentCompleter -Native -CommandName awsrole -ScriptBlock {
    param($wordToComplete)
    $words = if ($wordToComplete -like '-*') { '@AWSROLE_FLAGS@' -split ' ' } else { @(& $script:AwsroleExe list --format names 2>$null) + ('@AWSROLE_COMMANDS@' -split ' ') }
    $words | Where-Object { $_ -like "$wordToComplete*" } | ForEach-Object { [System.Management.Automation.CompletionResult]::new($_) }
}
