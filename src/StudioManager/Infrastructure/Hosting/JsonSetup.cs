using System.Text.Json;
using System.Text.Json.Serialization;

namespace StudioManager.Infrastructure.Hosting;

/// <summary>API JSON: camelCase, enums as snake_case strings ("in_progress").</summary>
public static class JsonSetup
{
    public static void Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
    }
}
