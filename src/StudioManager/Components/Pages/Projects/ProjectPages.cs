using System.Globalization;
using System.Text.Json;

namespace StudioManager.Components.Pages.Projects;

/// <summary>How the projects' pages write enums, times and sizes.</summary>
public static class ProjectPages
{
    public static string Snake<T>(T value) where T : Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    /// <summary>"pre_production" → "Pre production".</summary>
    public static string Label<T>(T value) where T : Enum
    {
        var words = Snake(value).Replace('_', ' ');
        return char.ToUpperInvariant(words[0]) + words[1..];
    }

    /// <summary>A comma-separated field ("guitar, bass") as a list; the use case trims and drops empty entries.</summary>
    public static List<string> Items(string? commaSeparated) => (commaSeparated ?? "").Split(',').ToList();

    /// <summary>83.5 → "1:23.500".</summary>
    public static string Time(double seconds) => string.Create(CultureInfo.InvariantCulture, $"{(int)(seconds / 60)}:{seconds % 60:00.000}");

    public static string Size(long bytes) => bytes switch
    {
        >= 1 << 30 => (bytes / (double)(1 << 30)).ToString("0.0 'GB'", CultureInfo.InvariantCulture),
        >= 1 << 20 => (bytes / (double)(1 << 20)).ToString("0.0 'MB'", CultureInfo.InvariantCulture),
        _ => (bytes / 1024.0).ToString("0 'KB'", CultureInfo.InvariantCulture),
    };
}
