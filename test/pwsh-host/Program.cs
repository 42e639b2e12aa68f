// Runs PowerShell scripts in the real engine for awsrole's tests. Reads a JSON list of jobs on
// stdin — {"script": "...", "env": {"NAME": "value" or null}, "read": ["NAME", ...]} — and prints
// one JSON result per job: what the script wrote, every error record, $LASTEXITCODE, and the
// variables named in "read" as the process environment holds them afterwards. One runspace,
// opened from InitialSessionState.CreateDefault2() as pwsh opens its own, serves every job.
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text.Json;

var jobs = JsonSerializer.Deserialize<List<Job>>(Console.In.ReadToEnd()) ?? new();
var state = InitialSessionState.CreateDefault2();
using var runspace = RunspaceFactory.CreateRunspace(state);
runspace.Open();
var results = new List<Result>();
foreach (var job in jobs)
{
    foreach (var (name, value) in job.env ?? new()) Environment.SetEnvironmentVariable(name, value);
    using var ps = PowerShell.Create(runspace);
    ps.AddScript("$global:Error.Clear(); $global:LASTEXITCODE = 0").Invoke();
    ps.Commands.Clear();
    ps.AddScript(job.script);
    var output = new List<string>();
    var errors = new List<string>();
    try
    {
        foreach (var item in ps.Invoke()) output.Add(item?.ToString() ?? "");
    }
    catch (Exception e)
    {
        errors.Add($"terminating: {e.Message}");
    }
    foreach (var e in ps.Streams.Error) errors.Add(e.ToString());
    ps.Commands.Clear();
    ps.Streams.Error.Clear();
    ps.AddScript("$global:Error.Count; $global:LASTEXITCODE");
    var after = ps.Invoke();
    var recorded = after.Count > 0 ? Convert.ToInt32(after[0].BaseObject) : 0;
    var exit = after.Count > 1 && after[1] != null ? Convert.ToInt32(after[1].BaseObject) : 0;
    var env = new Dictionary<string, string?>();
    foreach (var name in job.read ?? new()) env[name] = Environment.GetEnvironmentVariable(name);
    results.Add(new Result(output, errors, recorded, exit, env));
}
Console.Out.Write(JsonSerializer.Serialize(results));

record Job(string script, Dictionary<string, string?>? env, List<string>? read);
record Result(List<string> output, List<string> errors, int errorRecords, int lastExitCode, Dictionary<string, string?> env);
