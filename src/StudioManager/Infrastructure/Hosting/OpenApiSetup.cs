using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using StudioManager.Infrastructure.Errors;

namespace StudioManager.Infrastructure.Hosting;

/// <summary>The OpenAPI document (/openapi/v1.json) as the API really behaves. What every endpoint shares is derived
/// here from its metadata (sign-in, studio scope, permission, rate limit, body); an endpoint adds only what is its
/// own: <c>.ProducesProblem(StatusCodes.Status409Conflict)</c> for a status its use case answers (402, 409, …),
/// <c>[ClosedSet]</c> on a string parameter that takes a closed set, a summary as its handler's XML doc comment.</summary>
public static partial class OpenApiSetup
{
    public const string BearerScheme = "bearer";
    public const string CookieScheme = "cookie";

    public static void Configure(OpenApiOptions o)
    {
        o.AddDocumentTransformer(DescribeDocument);
        o.AddDocumentTransformer(RequireRequiredFieldsNonNull);
        o.AddSchemaTransformer(DescribeOptionalProperties);
        o.AddSchemaTransformer(TypeEnumsAsStrings);
        o.AddOperationTransformer(DeclareRouteOnlyPathParameters);
        o.AddOperationTransformer(NameAndSummarize);
        o.AddOperationTransformer(ListAllowedValues);
        o.AddOperationTransformer(RequireUploadedFiles);
        o.AddOperationTransformer(DeclareSecurity);
        o.AddOperationTransformer(DeclareErrorResponses);
    }

    /// <summary>Names a tag and describes it in the document (on the group, or the first endpoint, of the tag).</summary>
    public static TBuilder WithTag<TBuilder>(this TBuilder builder, string name, string description) where TBuilder : IEndpointConventionBuilder =>
        builder.WithTags(name).WithMetadata(new TagDescription(name, description));

    private sealed record TagDescription(string Name, string Description);

    /// <summary>What the error statuses mean in this API (ARCHITECTURE.md, Conventions).</summary>
    private static readonly Dictionary<int, string> ErrorMeanings = new()
    {
        [400] = "The input is invalid: problem details with the messages per field under `errors`.",
        [401] = "Not signed in, or the credentials are wrong.",
        [402] = "A limit of the studio's plan is reached: the problem details name the limit and the plan.",
        [403] = "Your role in this studio does not allow this.",
        [404] = "Not found: no such item, or no such studio for you (another studio's data does not exist for you).",
        [409] = "The request conflicts with the current state (a duplicate, an invalid transition, a lost race).",
        [423] = "The account is locked after repeated failed sign-ins.",
        [429] = "Too many attempts from your address: wait for the Retry-After seconds.",
    };

    private static Task DescribeDocument(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Recording Studio Manager API",
            Version = "v1",
            Description = "Sign in with `POST /api/auth/login` and send its `accessToken` as `Authorization: Bearer …` (renew it "
                + "with `POST /api/auth/refresh`); the web app's pages use the session cookie instead. Studio data lives under "
                + "`/api/studios/{studio}` (the studio's slug). Errors are RFC 9457 problem details (`application/problem+json`).",
            // No license is granted to the API; SPDX spells a license of one's own "LicenseRef-…".
            License = new OpenApiLicense { Name = "Proprietary", Identifier = "LicenseRef-Proprietary" },
        };
        // The API is served beside its document: a relative server is true behind any proxy and, unlike the generator's
        // default (the request's scheme and Host header), is the same document for every caller.
        document.Servers = [new OpenApiServer { Url = "/" }];

        var cookie = context.ApplicationServices.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>()
            .Get(IdentityConstants.ApplicationScheme).Cookie.Name;
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer",
                Description = "The `accessToken` answered by `POST /api/auth/login` (valid one hour; `POST /api/auth/refresh` renews it).",
            },
            [CookieScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Cookie, Name = cookie,
                Description = "The browser's session cookie, set by the sign-in form, registration and accepting an invitation.",
            },
        };

        var descriptions = context.DescriptionGroups.SelectMany(g => g.Items)
            .SelectMany(d => d.ActionDescriptor.EndpointMetadata.OfType<TagDescription>())
            .DistinctBy(t => t.Name).ToDictionary(t => t.Name, t => t.Description);
        foreach (var tag in document.Tags ?? Enumerable.Empty<OpenApiTag>())
            if (tag.Name is not null && descriptions.TryGetValue(tag.Name, out var description)) tag.Description = description;
        return Task.CompletedTask;
    }

    /// <summary>Request types keep their fields nullable in C# so that a missing field reaches the use case, which answers
    /// 400 with a message for that field; on the wire a required field is never null, and the document says so.</summary>
    private static Task RequireRequiredFieldsNonNull(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        var bodies = from path in document.Paths.Values
                     from operation in path.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()
                     from media in operation.RequestBody?.Content?.Values ?? []
                     select media.Schema;
        foreach (var body in bodies.OfType<OpenApiSchemaReference>().Select(r => r.Target).OfType<OpenApiSchema>().Distinct())
        foreach (var field in body.Required ?? new HashSet<string>())
        {
            if (body.Properties?.TryGetValue(field, out var property) != true) continue;
            if (property is OpenApiSchema { Type: { } type } inline)
                inline.Type = type & ~JsonSchemaType.Null;
            if (property is OpenApiSchema { OneOf: { Count: 2 } choices } && choices.SingleOrDefault(c => c.Type != JsonSchemaType.Null) is { } value)
                body.Properties[field] = value;
        }
        return Task.CompletedTask;
    }

    /// <summary>Optional&lt;T&gt; has its own converter, so the generator sees an opaque type; on the wire it is T
    /// (absent means "unchanged"), so each such property is described as T, nullable when T is.</summary>
    private static async Task DescribeOptionalProperties(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (context.JsonTypeInfo.Kind != JsonTypeInfoKind.Object || schema.Properties is null) return;
        foreach (var property in context.JsonTypeInfo.Properties)
        {
            if (!property.PropertyType.IsGenericType || property.PropertyType.GetGenericTypeDefinition() != typeof(Optional<>)
                || !schema.Properties.ContainsKey(property.Name)) continue;
            var valueType = property.PropertyType.GetGenericArguments()[0];
            var valueSchema = await context.GetOrCreateSchemaAsync(valueType, null, ct);
            // string? and string are one runtime type: the property's annotation says whether null is allowed.
            if (!valueType.IsValueType && property.AttributeProvider is PropertyInfo info
                && new NullabilityInfoContext().Create(info).GenericTypeArguments[0].ReadState == NullabilityState.Nullable)
                valueSchema.Type |= JsonSchemaType.Null;
            schema.Properties[property.Name] = valueSchema;
        }
    }

    /// <summary>Enums are serialised as snake_case strings (JsonSetup); the generator lists the values but omits the type.</summary>
    private static Task TypeEnumsAsStrings(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if ((Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type).IsEnum && schema.Enum is { Count: > 0 })
            // A nullable enum met first lists null among its values: its type says so too.
            schema.Type = (schema.Type ?? 0) | JsonSchemaType.String | (schema.Enum.Any(v => v is null) ? JsonSchemaType.Null : 0);
        return Task.CompletedTask;
    }

    /// <summary>Route values that no handler parameter binds ({studio}, read by the tenant middleware) are still part
    /// of the URL; OpenAPI requires every templated path segment to be declared.</summary>
    private static Task DeclareRouteOnlyPathParameters(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        foreach (Match m in RouteParameter().Matches(context.Description.RelativePath ?? ""))
        {
            var name = m.Groups[1].Value;
            operation.Parameters ??= [];
            if (operation.Parameters.Any(p => p.In == ParameterLocation.Path && p.Name == name)) continue;
            operation.Parameters.Insert(0, new OpenApiParameter
            {
                Name = name, In = ParameterLocation.Path, Required = true, Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
        return Task.CompletedTask;
    }

    /// <summary>Client generators name their methods after the operationId: the endpoint's name (WithName) when it has
    /// one, else its handler's. The summary is the handler's XML doc summary, on one line.</summary>
    private static Task NameAndSummarize(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        operation.OperationId ??= context.Description.ActionDescriptor.EndpointMetadata.OfType<MethodInfo>().FirstOrDefault()?.Name;
        if (operation.Summary is not null) operation.Summary = Whitespace().Replace(operation.Summary, " ").Trim();
        if (operation.Description is not null) operation.Description = Indentation().Replace(operation.Description, "\n").Trim();
        return Task.CompletedTask;
    }

    /// <summary>A string parameter limited to a closed set ([ClosedSet]) lists it as an enum.</summary>
    private static Task ListAllowedValues(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        foreach (var parameter in context.Description.ParameterDescriptions)
        {
            if (parameter.ParameterDescriptor is not IParameterInfoParameterDescriptor { ParameterInfo: var info }
                || info.GetCustomAttribute<ClosedSetAttribute>() is not { } closedSet
                || operation.Parameters?.FirstOrDefault(p => p.Name == parameter.Name)?.Schema is not OpenApiSchema schema) continue;
            schema.Enum = closedSet.Values.Select(v => (JsonNode)JsonValue.Create(v)).ToList();
        }
        return Task.CompletedTask;
    }

    /// <summary>A handler takes its upload as a nullable IFormFile only to answer its own 400 when it is missing: the
    /// file is required.</summary>
    private static Task RequireUploadedFiles(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var files = context.Description.ParameterDescriptions.Where(p => p.Source == BindingSource.FormFile).Select(p => p.Name).ToList();
        foreach (var schema in (operation.RequestBody?.Content?.Values ?? []).Select(m => m.Schema).OfType<OpenApiSchema>())
        foreach (var file in files.Where(f => schema.Properties?.ContainsKey(f) == true))
            (schema.Required ??= new HashSet<string>()).Add(file);
        return Task.CompletedTask;
    }

    /// <summary>An endpoint that needs a sign-in accepts the bearer token or the cookie; the others say they need none.</summary>
    private static Task DeclareSecurity(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        operation.Security = RequiresSignIn(context)
            ? [Requirement(BearerScheme, context.Document), Requirement(CookieScheme, context.Document)]
            : [];
        return Task.CompletedTask;

        static OpenApiSecurityRequirement Requirement(string scheme, OpenApiDocument? document) =>
            new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };
    }

    /// <summary>Every operation declares the 4xx statuses it answers, as problem details: those every endpoint of its
    /// kind answers, derived from its metadata, and those its own use case answers (ProducesProblem).</summary>
    private static async Task DeclareErrorResponses(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        operation.Responses ??= new OpenApiResponses();
        var statuses = operation.Responses.Keys.Select(k => int.TryParse(k, out var s) ? s : 0).Where(s => s is >= 400 and < 500).ToHashSet();
        // A body or a query string that does not read (or a field the use case refuses) is 400.
        if (operation.RequestBody is not null || context.Description.ParameterDescriptions.Any(p => p.Source == BindingSource.Query)) statuses.Add(400);
        if (RequiresSignIn(context)) statuses.Add(401);
        statuses.UnionWith(metadata.OfType<IAnswersErrorStatus>().Select(m => m.Status));
        if (metadata.OfType<EnableRateLimitingAttribute>().Any()) statuses.Add(429);

        foreach (var status in statuses.Order())
        {
            var problem = status == 400 ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails);
            var response = new OpenApiResponse
            {
                Description = ErrorMeanings.GetValueOrDefault(status, ReasonPhrases.GetReasonPhrase(status)),
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = await ComponentAsync(problem, context, ct) },
                },
            };
            if (status == 429)
                response.Headers = new Dictionary<string, IOpenApiHeader>
                {
                    ["Retry-After"] = new OpenApiHeader { Description = "Seconds to wait.", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } },
                };
            operation.Responses[status.ToString()] = response;
        }
        // In status order, as a reader looks them up.
        var ordered = operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        operation.Responses.Clear();
        foreach (var (key, value) in ordered) operation.Responses[key] = value;
    }

    private static bool RequiresSignIn(OpenApiOperationTransformerContext context) =>
        context.Description.ActionDescriptor.EndpointMetadata is var metadata
        && metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();

    /// <summary>A reference to the type's schema under components, added there if it is not yet.</summary>
    private static async Task<IOpenApiSchema> ComponentAsync(Type type, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var document = context.Document!;
        if (document.Components?.Schemas?.ContainsKey(type.Name) != true)
            document.AddComponent(type.Name, await context.GetOrCreateSchemaAsync(type, null, ct));
        return new OpenApiSchemaReference(type.Name, document);
    }

    [GeneratedRegex(@"\{\**([^}:?=]+)")]
    private static partial Regex RouteParameter();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\n[ \t]+")]
    private static partial Regex Indentation();
}

/// <summary>The values a string parameter takes (the handler or its use case answers 400 to any other), listed as an
/// enum in the OpenAPI document. An enum type gives its members' names as the API writes them (snake_case, JsonSetup).</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property)]
public sealed class ClosedSetAttribute : Attribute
{
    public ClosedSetAttribute(params string[] values) => Values = values;

    public ClosedSetAttribute(Type enumType) => Values = Enum.GetNames(enumType).Select(JsonNamingPolicy.SnakeCaseLower.ConvertName).ToArray();

    public IReadOnlyList<string> Values { get; }
}
