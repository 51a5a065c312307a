using System.Text.Json;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Api;

/// <summary>The published OpenAPI document tells integrators the real shape of the API.</summary>
public abstract class OpenApiDocumentTests(StudioAppFactory app)
{
    private async Task<JsonElement> DocumentAsync()
    {
        var response = await app.CreateClient().GetAsync("/openapi/v1.json");
        await StudioApi.EnsureAsync(response);
        return await response.ReadJsonAsync();
    }

    /// <summary>Follows a "#/components/schemas/X" reference, if the schema is one.</summary>
    private static JsonElement Resolve(JsonElement document, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;

    /// <summary>The schema's "type", a string or (OpenAPI 3.1, for nullable) an array of strings.</summary>
    private static string[] Types(JsonElement schema) =>
        !schema.TryGetProperty("type", out var type) ? []
        : type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToArray()
        : [type.GetString()!];

    [Fact]
    public async Task ShouldDescribeOptionalPatchFieldsAsTheirValueTypes()
    {
        var document = await DocumentAsync();
        var body = document.GetProperty("paths").GetProperty("/api/studios/{studio}/clients/{id}").GetProperty("patch")
            .GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        var properties = Resolve(document, body).GetProperty("properties");

        var name = Resolve(document, properties.GetProperty("name"));
        Assert.Equal(["null", "string"], Types(name).Order());
        Assert.Equal(["boolean"], Types(Resolve(document, properties.GetProperty("isVip"))));
        var genres = Resolve(document, properties.GetProperty("genres"));
        Assert.Contains("array", Types(genres));
        Assert.Equal(["string"], Types(Resolve(document, genres.GetProperty("items"))));
        Assert.Contains("integer", Types(Resolve(document, properties.GetProperty("paymentTermsDays"))));

        var type = Resolve(document, properties.GetProperty("type"));
        Assert.Equal(["string"], Types(type));
        var values = type.GetProperty("enum").EnumerateArray().Select(v => v.GetString()).ToArray();
        Assert.Contains("individual", values);
        Assert.Contains("company", values);

        Assert.DoesNotContain(document.GetProperty("components").GetProperty("schemas").EnumerateObject(),
            s => s.Name.StartsWith("OptionalOf", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ShouldDeclareTheStudioPathParameterOnEveryStudioOperation()
    {
        var document = await DocumentAsync();
        var studioPaths = document.GetProperty("paths").EnumerateObject().Where(p => p.Name.Contains("{studio}")).ToList();
        Assert.NotEmpty(studioPaths);
        foreach (var path in studioPaths)
        foreach (var operation in path.Value.EnumerateObject())
        {
            var parameters = operation.Value.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : [];
            Assert.True(parameters.Any(x => x.GetProperty("name").GetString() == "studio" && x.GetProperty("in").GetString() == "path"
                    && x.GetProperty("required").GetBoolean()),
                $"{operation.Name} {path.Name} does not declare the path parameter 'studio'");
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class OpenApiDocumentTests_Sqlite(SqliteAppFactory app) : OpenApiDocumentTests(app);

[Collection(PostgresCollection.Name)]
public sealed class OpenApiDocumentTests_Postgres(PostgresAppFactory app) : OpenApiDocumentTests(app);
