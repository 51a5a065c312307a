using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using StudioManager.Clients;

namespace StudioManager.Infrastructure.Hosting;

/// <summary>The OpenAPI document (/openapi/v1.json) as the API really behaves.</summary>
public static partial class OpenApiSetup
{
    public static void Configure(OpenApiOptions o)
    {
        o.AddSchemaTransformer(DescribeOptionalProperties);
        o.AddSchemaTransformer(TypeEnumsAsStrings);
        o.AddOperationTransformer(DeclareRouteOnlyPathParameters);
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
            schema.Type = (schema.Type ?? 0) | JsonSchemaType.String;
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

    [GeneratedRegex(@"\{\**([^}:?=]+)")]
    private static partial Regex RouteParameter();
}
