@echo off
rem The seed's Windows entry point (scripts\run_performance_tests.bat), on Sextant.
rem Same steps as run_performance_tests.sh: build in release, run optics-bench, ingest the
rem result, create the baseline on the first run or gate against it with sla_thresholds.json,
rem then write the report and dashboard. Each sextant step is skipped with a message when its
rem subcommand is not built yet. Exit: 0 pass, 1 regression or SLA violation, 2 input error.
setlocal EnableExtensions EnableDelayedExpansion
cd /d "%~dp0\.."

if "%SEXTANT_STORE%"=="" set "SEXTANT_STORE=.sextant\history.sqlite"
if "%OUT%"=="" set "OUT=out\performance"
if "%POLICY%"=="" set "POLICY=sla_thresholds.json"
if "%BASELINE%"=="" set "BASELINE=optics"
rem The first run creates a rolling-window baseline of the last N runs; BASELINE_WINDOW=0 pins one run instead.
if "%BASELINE_WINDOW%"=="" set "BASELINE_WINDOW=20"
set "BIN=.build\release"
set "SEXTANT=%BIN%\sextant.exe"
set "BENCH=%BIN%\optics-bench.exe"

if not "%SKIP_BUILD%"=="1" (
  echo == build ^(release^)
  swift build -c release --product optics-bench || exit /b 2
  swift build -c release --product sextant || exit /b 2
)

if not exist "%OUT%" mkdir "%OUT%"
if not exist ".sextant" mkdir ".sextant"
for /f %%t in ('powershell -NoProfile -Command "(Get-Date).ToUniversalTime().ToString('yyyyMMddTHHmmssZ')"') do set "STAMP=%%t"
set "RESULT=%OUT%\optics-%STAMP%.json"

echo == run benchmarks -^> %RESULT%
"%BENCH%" %BENCH_ARGS% --output "%RESULT%" || exit /b 2
copy /y "%RESULT%" "%OUT%\performance_results.json" >nul

"%SEXTANT%" help > "%OUT%\sextant-help.txt" 2>&1

rem The gate reads the candidate file itself; it runs before the ingest so that a rolling-window
rem baseline never contains the candidate.
set STATUS=0
set FIRST=0
echo == gate against baseline '%BASELINE%' with %POLICY%
call :has baseline
if not !HAS!==1 (
  echo skipped: 'sextant baseline' is not available in this build ^(history store, issue 3^)
  goto ingest
)
"%SEXTANT%" baseline show "%BASELINE%" --store "%SEXTANT_STORE%" >nul 2>&1
if errorlevel 1 (
  set FIRST=1
  echo no baseline '%BASELINE%' yet: this run will create it ^(the seed's first-run rule^); nothing to gate against
  goto ingest
)
call :has gate
if not !HAS!==1 (
  echo skipped: 'sextant gate' is not available in this build ^(issue 7^)
  goto ingest
)
"%SEXTANT%" gate "%RESULT%" --baseline "%BASELINE%" --policy "%POLICY%" --store "%SEXTANT_STORE%" --format md --output "%OUT%\report.md"
set STATUS=!errorlevel!
"%SEXTANT%" gate "%RESULT%" --baseline "%BASELINE%" --policy "%POLICY%" --store "%SEXTANT_STORE%" --format junit --output "%OUT%\report.junit.xml" >nul 2>&1
if exist "%OUT%\report.md" type "%OUT%\report.md"

:ingest
echo == ingest into %SEXTANT_STORE% ^(every result is kept^)
call :has ingest
if not !HAS!==1 (
  echo skipped: 'sextant ingest' is not available in this build ^(history store, issue 3^)
  goto report
)
"%SEXTANT%" ingest "%RESULT%" --store "%SEXTANT_STORE%" || exit /b 2
if !FIRST!==1 (
  if not "%BASELINE_WINDOW%"=="0" (
    "%SEXTANT%" baseline set "%BASELINE%" --window %BASELINE_WINDOW% --store "%SEXTANT_STORE%" || exit /b 2
  ) else (
    "%SEXTANT%" baseline set "%BASELINE%" latest --if-absent --store "%SEXTANT_STORE%" || exit /b 2
  )
  goto report
)
if not "%BASELINE_WINDOW%"=="0" goto report
call :has gate
if !HAS!==1 if !STATUS!==0 (
  "%SEXTANT%" baseline set "%BASELINE%" latest --store "%SEXTANT_STORE%"
  echo passed: baseline '%BASELINE%' moved to this run
)

:report
echo == report and dashboard
call :has analyze
if !HAS!==1 (
  "%SEXTANT%" analyze --store "%SEXTANT_STORE%" --policy "%POLICY%" --format md --output "%OUT%\analysis.md"
) else (
  echo skipped: 'sextant analyze' is not available in this build ^(issue 7^)
)
call :has dashboard
if !HAS!==1 (
  "%SEXTANT%" dashboard --store "%SEXTANT_STORE%" --output "%OUT%\dashboard.html"
) else (
  echo skipped: 'sextant dashboard' is not available in this build
)

echo == outputs
echo metrics: %RESULT% ^(latest also at %OUT%\performance_results.json^)
echo store:   %SEXTANT_STORE%
for %%f in (report.md report.junit.xml analysis.md dashboard.html) do if exist "%OUT%\%%f" echo %%f: %OUT%\%%f
if !STATUS!==0 (echo result: pass) else if !STATUS!==1 (echo result: FAIL ^(regression or SLA violation^)) else if !STATUS!==3 (echo result: inconclusive) else (echo result: error ^(exit !STATUS!^))
exit /b !STATUS!

rem Sets HAS=1 when `sextant help` lists subcommand %1.
:has
set HAS=0
findstr /r /c:"^  *%~1 " /c:"^  *%~1$" "%OUT%\sextant-help.txt" >nul 2>&1 && set HAS=1
exit /b 0
