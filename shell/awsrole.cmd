@echo off
rem awsrole for cmd.exe. `awsrole init cmd` prints a doskey macro that calls this file by its
rem full path in the installed package (the `shell` folder beside `dist`):
rem   doskey awsrole=call "C:\...\node_modules\awsrole\shell\awsrole.cmd" $*
rem awsrole reads the words with its own parser and answers, one item a line: `set "K=V"` (a
rem variable to set, only when it succeeded), `run` (a subcommand, help, version or an explicit
rem --format: run it again plainly, its output on the console) and last `exit N`, its exit
rem status, which for /f would lose. Only those three are acted on, and a `set` line only by
rem this file's own `set`: no line of the output is run as a command. setlocal is not used:
rem the variables must outlive this file.
set "AWSROLE_EXIT=1"
set "AWSROLE_RUN="
for /f "usebackq tokens=1,* delims= " %%A in (`node "%~dp0..\dist\cli.cjs" --wrapper=cmd %*`) do (
  if "%%A"=="set" set %%B
  if "%%A"=="run" set "AWSROLE_RUN=1"
  if "%%A"=="exit" set "AWSROLE_EXIT=%%B"
)
rem The plain run is outside a ( ) block, which a ")" in the words would end.
if not defined AWSROLE_RUN goto awsrole_status
set "AWSROLE_RUN=" & set "AWSROLE_EXIT="
node "%~dp0..\dist\cli.cjs" %*
goto :eof
:awsrole_status
set "AWSROLE_EXIT=" & exit /b %AWSROLE_EXIT%
