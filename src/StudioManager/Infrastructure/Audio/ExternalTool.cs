using System.Diagnostics;

namespace StudioManager.Infrastructure.Audio;

/// <summary>Runs ffmpeg or ffprobe: its three streams redirected, given to the caller to talk to it, its errors
/// collected; killed with its children when the caller gives up, so that no encoder outlives a cancelled upload.</summary>
internal static class ExternalTool
{
    public sealed record Outcome(bool Succeeded, string Errors);

    public static async Task<Outcome> RunAsync(string exe, IEnumerable<string> arguments, Func<Process, Task> talk, CancellationToken ct)
    {
        var start = new ProcessStartInfo(exe)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await talk(process);
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new Outcome(process.ExitCode == 0, (await errors).Trim());
    }
}
