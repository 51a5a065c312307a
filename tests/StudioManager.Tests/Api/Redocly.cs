using System.Diagnostics;
using System.Text.Json;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Api;

/// <summary>Redocly's CLI at the version pinned in tools/openapi-lint (installed there by ./test.sh with npm ci).</summary>
public static class Redocly
{
    public sealed record Problem(string Severity, string RuleId, string Pointer, string Message)
    {
        public override string ToString() => $"{Severity} {RuleId} at {Pointer}: {Message}";
    }

    /// <summary>Lints the document with the <c>recommended</c> ruleset; every error and warning it reports.</summary>
    public static async Task<IReadOnlyList<Problem>> LintAsync(string document)
    {
        var cli = Path.Combine(Repository.Root(), "tools", "openapi-lint", "node_modules", "@redocly", "cli", "bin", "cli.js");
        if (!File.Exists(cli))
            throw new InvalidOperationException($"Redocly's CLI is not installed ({cli} is missing): run `npm ci --prefix tools/openapi-lint`, as ./test.sh does.");

        var folder = Directory.CreateTempSubdirectory("rsm-openapi-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "openapi.json"), document);
            // Run from the empty folder so that no redocly.yaml of the machine changes the rules.
            var start = new ProcessStartInfo("node")
            {
                WorkingDirectory = folder.FullName, RedirectStandardOutput = true, RedirectStandardError = true,
                Environment = { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true" },
            };
            foreach (var arg in new[] { cli, "lint", "openapi.json", "--extends", "recommended", "--format", "json", "--max-problems", "1000" })
                start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();

            JsonElement report;
            try { report = JsonDocument.Parse(await stdout).RootElement; }
            catch (JsonException)
            {
                throw new InvalidOperationException($"Redocly's CLI exited with {process.ExitCode} without a report: {await stdout}\n{await stderr}");
            }
            return report.GetProperty("problems").EnumerateArray().Select(p => new Problem(
                p.GetProperty("severity").GetString()!, p.GetProperty("ruleId").GetString()!,
                p.GetProperty("location").EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } l ? l.GetProperty("pointer").GetString()! : "",
                p.GetProperty("message").GetString()!)).ToList();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
