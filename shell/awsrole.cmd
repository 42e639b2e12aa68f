@echo off
rem awsrole for cmd.exe. `awsrole init cmd` prints a doskey macro that calls this file:
rem   doskey awsrole=call "%%AWSROLE_SHELL_DIR%%\awsrole.cmd" $*
rem Subcommands, help and an explicit --format pass straight through; otherwise each line of
rem awsrole's cmd output (set "K=V") runs in this shell. A failure prints nothing to stdout,
rem so nothing runs. setlocal is not used: the variables must outlive this file.
set "AWSROLE_PASS="
for %%a in (init exec status list console -h --help --version) do if /i "%~1"=="%%a" set "AWSROLE_PASS=1"
for %%a in (%*) do if /i "%%~a"=="-f" set "AWSROLE_PASS=1"
for %%a in (%*) do if /i "%%~a"=="--format" set "AWSROLE_PASS=1"
if "%~1"=="" set "AWSROLE_PASS=1"
if defined AWSROLE_PASS (set "AWSROLE_PASS=" & node "%~dp0..\dist\cli.cjs" %* & goto :eof)
for /f "usebackq delims=" %%L in (`node "%~dp0..\dist\cli.cjs" --format cmd %*`) do %%L
