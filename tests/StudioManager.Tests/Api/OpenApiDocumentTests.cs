using System.Text.Json;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Api;

/// <summary>The published OpenAPI document tells integrators the real shape of the API.</summary>
public abstract class OpenApiDocumentTests(StudioAppFactory app)
{
    private async Task<JsonElement> DocumentAsync() => JsonDocument.Parse(await DocumentTextAsync()).RootElement;

    private async Task<string> DocumentTextAsync()
    {
        var response = await app.CreateClient().GetAsync("/openapi/v1.json");
        await StudioApi.EnsureAsync(response);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Every operation of the document, as "METHOD /path" and its object.</summary>
    private static IEnumerable<(string Name, JsonElement Operation)> Operations(JsonElement document) =>
        from path in document.GetProperty("paths").EnumerateObject()
        from operation in path.Value.EnumerateObject()
        select ($"{operation.Name.ToUpperInvariant()} {path.Name}", operation.Value);

    private static JsonElement Operation(JsonElement document, string name) => Operations(document).Single(o => o.Name == name).Operation;

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
    public async Task ShouldPassRedoclysRecommendedRulesWithoutErrorOrWarning()
    {
        var problems = await Redocly.LintAsync(await DocumentTextAsync());
        Assert.True(problems.Count == 0, $"{problems.Count} problems:\n{string.Join("\n", problems)}");
    }

    [Fact]
    public async Task ShouldGiveEveryOperationAUniqueOperationIdAndASummary()
    {
        var document = await DocumentAsync();
        var operations = Operations(document).ToList();
        Assert.Empty(operations.Where(o => !o.Operation.TryGetProperty("summary", out var s) || s.GetString()!.Trim().Length == 0).Select(o => o.Name));
        var ids = operations.Select(o => o.Operation.TryGetProperty("operationId", out var id) ? id.GetString() : null).ToList();
        Assert.DoesNotContain(null, ids);
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal("ListClients", Operation(document, "GET /api/studios/{studio}/clients").GetProperty("operationId").GetString());
    }

    [Fact]
    public async Task ShouldDeclareTheBearerAndCookieSchemesOnEveryOperationThatNeedsASignIn()
    {
        var document = await DocumentAsync();
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        var bearer = schemes.EnumerateObject().Single(s => s.Value.GetProperty("type").GetString() == "http");
        Assert.Equal("bearer", bearer.Value.GetProperty("scheme").GetString());
        var cookie = schemes.EnumerateObject().Single(s => s.Value.GetProperty("type").GetString() == "apiKey");
        Assert.Equal("cookie", cookie.Value.GetProperty("in").GetString());
        Assert.Equal("rsm.auth", cookie.Value.GetProperty("name").GetString());

        string[][] Alternatives(string operation) => Operation(document, operation).GetProperty("security").EnumerateArray()
            .Select(r => r.EnumerateObject().Select(p => p.Name).ToArray()).ToArray();
        foreach (var signedIn in new[] { "GET /api/me", "POST /api/studios", "GET /api/studios/{studio}/clients", "DELETE /api/studios/{studio}/members/{userId}" })
            Assert.Equal([[bearer.Name], [cookie.Name]], Alternatives(signedIn));
        foreach (var anonymous in new[] { "POST /api/auth/login", "POST /api/auth/register", "POST /api/invitations/accept" })
            Assert.Empty(Alternatives(anonymous));
    }

    /// <summary>The 4xx statuses each operation really answers (including 402 plan limits, 409 duplicates and 429 rate
    /// limits), each as problem details: field errors for 400.</summary>
    [Fact]
    public async Task ShouldDeclareTheErrorStatusesEachOperationAnswersAsProblemDetails()
    {
        var expected = new Dictionary<string, int[]>
        {
            ["GET /api/me"] = [401],
            ["POST /api/studios"] = [400, 401],
            ["POST /api/invitations/accept"] = [400, 401, 402, 404, 409],
            ["POST /api/auth/register"] = [400, 429],
            ["POST /api/auth/login"] = [400, 401, 423, 429],
            ["POST /api/auth/refresh"] = [400, 401],
            ["POST /api/auth/forgot-password"] = [400, 429],
            ["POST /api/auth/reset-password"] = [400, 429],
            ["POST /api/auth/logout"] = [401],
            ["GET /api/studios/{studio}"] = [401, 403, 404],
            ["PATCH /api/studios/{studio}"] = [400, 401, 403, 404],
            ["PUT /api/studios/{studio}/logo"] = [400, 401, 403, 404],
            ["GET /api/studios/{studio}/members"] = [400, 401, 403, 404],
            ["PATCH /api/studios/{studio}/members/{userId}"] = [400, 401, 403, 404, 409],
            ["DELETE /api/studios/{studio}/members/{userId}"] = [401, 403, 404, 409],
            ["POST /api/studios/{studio}/invitations"] = [400, 401, 402, 403, 404, 409],
            ["DELETE /api/studios/{studio}/invitations/{id}"] = [401, 403, 404, 409],
            ["GET /api/studios/{studio}/clients"] = [400, 401, 403, 404],
            ["POST /api/studios/{studio}/clients"] = [400, 401, 402, 403, 404, 409],
            ["GET /api/studios/{studio}/clients/export"] = [400, 401, 403, 404],
            ["POST /api/studios/{studio}/clients/import"] = [400, 401, 402, 403, 404, 409],
            ["GET /api/studios/{studio}/clients/{id}"] = [401, 403, 404],
            ["PATCH /api/studios/{studio}/clients/{id}"] = [400, 401, 403, 404, 409],
            ["DELETE /api/studios/{studio}/clients/{id}/notes/{noteId}"] = [401, 403, 404],
        };
        var document = await DocumentAsync();
        var failures = new List<string>();
        foreach (var (name, operation) in Operations(document))
        {
            var errors = operation.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('4')).ToList();
            var statuses = errors.Select(r => int.Parse(r.Name)).Order().ToArray();
            if (expected.TryGetValue(name, out var want) && !want.SequenceEqual(statuses))
                failures.Add($"{name}: {string.Join(", ", statuses)} instead of {string.Join(", ", want)}");
            foreach (var error in errors)
            {
                var schema = error.Value.TryGetProperty("content", out var content) && content.TryGetProperty("application/problem+json", out var media)
                    ? media.GetProperty("schema").GetProperty("$ref").GetString() : null;
                var problem = error.Name == "400" ? "#/components/schemas/HttpValidationProblemDetails" : "#/components/schemas/ProblemDetails";
                if (schema != problem) failures.Add($"{name} {error.Name}: {schema ?? "no application/problem+json"} instead of {problem}");
            }
        }
        Assert.Empty(failures);
        Assert.True(expected.Keys.All(k => Operations(document).Any(o => o.Name == k)), "an operation of the table is missing from the document");
    }

    [Fact]
    public async Task ShouldTypeRequiredRequestFieldsAsNeverNull()
    {
        var document = await DocumentAsync();
        JsonElement Body(string operation) => Resolve(document, Operation(document, operation).GetProperty("requestBody").GetProperty("content")
            .GetProperty("application/json").GetProperty("schema"));
        void AssertRequiredString(JsonElement body, string field)
        {
            Assert.Contains(field, body.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
            Assert.Equal(["string"], Types(body.GetProperty("properties").GetProperty(field)));
        }

        foreach (var field in new[] { "name", "email", "password", "studioName" }) AssertRequiredString(Body("POST /api/auth/register"), field);
        foreach (var field in new[] { "email", "password" }) AssertRequiredString(Body("POST /api/auth/login"), field);
        AssertRequiredString(Body("POST /api/studios"), "name");
        AssertRequiredString(Body("POST /api/studios/{studio}/clients/{id}/notes"), "note");
        AssertRequiredString(Body("POST /api/studios/{studio}/invitations"), "email");
        foreach (var operation in new[] { "POST /api/studios/{studio}/invitations", "PATCH /api/studios/{studio}/members/{userId}" })
        {
            var body = Body(operation);
            Assert.Contains("role", body.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
            Assert.Equal("#/components/schemas/StudioRole", body.GetProperty("properties").GetProperty("role").GetProperty("$ref").GetString());
        }
        // Optional fields keep their null.
        Assert.Equal(["null", "string"], Types(Body("POST /api/auth/register").GetProperty("properties").GetProperty("timeZone")).Order());

        // And no request body anywhere says "required" of a field it lets be null.
        foreach (var (name, operation) in Operations(document))
        {
            if (!operation.TryGetProperty("requestBody", out var requestBody)
                || !requestBody.GetProperty("content").TryGetProperty("application/json", out var json)) continue;
            var body = Resolve(document, json.GetProperty("schema"));
            if (!body.TryGetProperty("required", out var required)) continue;
            foreach (var field in required.EnumerateArray().Select(r => r.GetString()!))
            {
                var property = body.GetProperty("properties").GetProperty(field);
                Assert.False(Types(property).Contains("null") || property.TryGetProperty("oneOf", out _), $"{name}: required '{field}' may be null");
            }
        }
    }

    [Fact]
    public async Task ShouldListTheValuesOfClosedSetsAsEnums()
    {
        var document = await DocumentAsync();
        string[] Values(string operation, string parameter) => Operation(document, operation).GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == parameter).GetProperty("schema").GetProperty("enum")
            .EnumerateArray().Select(v => v.GetString()!).Order().ToArray();

        Assert.Equal(["active", "all", "archived"], Values("GET /api/studios/{studio}/clients", "status"));
        Assert.Equal(["active", "all", "archived"], Values("GET /api/studios/{studio}/clients/export", "status"));
        Assert.Equal(["csv", "vcard"], Values("GET /api/studios/{studio}/clients/export", "format"));
        Assert.Equal(["accepted", "expired", "pending", "revoked"], Values("GET /api/studios/{studio}/invitations", "status"));
        var invitation = Resolve(document, document.GetProperty("components").GetProperty("schemas").GetProperty("InvitationDto")
            .GetProperty("properties").GetProperty("status"));
        Assert.Equal(["accepted", "expired", "pending", "revoked"], invitation.GetProperty("enum").EnumerateArray().Select(v => v.GetString()).Order());
    }

    [Fact]
    public async Task ShouldRequireTheFileOfEveryUpload()
    {
        var document = await DocumentAsync();
        foreach (var upload in new[] { "POST /api/studios/{studio}/clients/import", "PUT /api/studios/{studio}/logo" })
        {
            var body = Operation(document, upload).GetProperty("requestBody").GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema");
            Assert.Equal(["file"], body.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        }
    }

    [Fact]
    public async Task ShouldDeclareTheContentTypesOfTheExport()
    {
        var content = Operation(await DocumentAsync(), "GET /api/studios/{studio}/clients/export").GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.Equal(["text/csv", "text/vcard"], content.EnumerateObject().Select(c => c.Name).Order());
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
