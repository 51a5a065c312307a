using System.Text.Json;
using System.Text.Json.Serialization;

namespace StudioManager.Infrastructure.Hosting;

/// <summary>A PATCH field: absent from the request (HasValue false, nothing changes) or present, possibly null
/// (the field is set, or cleared).</summary>
[JsonConverter(typeof(OptionalJsonConverterFactory))]
public readonly struct Optional<T>
{
    public Optional(T value)
    {
        Value = value;
        HasValue = true;
    }

    public bool HasValue { get; }
    public T Value { get; }

    public static implicit operator Optional<T>(T value) => new(value);

    /// <summary>The value when present, otherwise the fallback.</summary>
    public T Or(T fallback) => HasValue ? Value : fallback;
}

public sealed class OptionalJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Optional<>);

    public override JsonConverter CreateConverter(Type type, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(OptionalJsonConverter<>).MakeGenericType(type.GetGenericArguments()[0]))!;

    private sealed class OptionalJsonConverter<T> : JsonConverter<Optional<T>>
    {
        // The serializer only calls a converter for properties present in the JSON; null must reach it too.
        public override bool HandleNull => true;

        public override Optional<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(JsonSerializer.Deserialize<T>(ref reader, options)!);

        public override void Write(Utf8JsonWriter writer, Optional<T> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.Or(default!), options);
    }
}
