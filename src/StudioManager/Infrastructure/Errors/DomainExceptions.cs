namespace StudioManager.Infrastructure.Errors;

/// <summary>Bad input: becomes 400 problem details with field → messages (field names in camelCase as in the API).</summary>
public sealed class ValidationFailedException(IDictionary<string, string[]> errors)
    : Exception("Validation failed: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")))
{
    public IDictionary<string, string[]> Errors { get; } = errors;

    public ValidationFailedException(string field, string message) : this(new Dictionary<string, string[]> { [field] = [message] }) { }
}

/// <summary>A use case refused the request for a reason the caller can read (not a fault): 403, 404, 409, 402.</summary>
public abstract class RefusedException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>The thing does not exist for this caller: 404.</summary>
public sealed class NotFoundException(string message) : RefusedException(message);

/// <summary>The caller must sign in first (or again: the signed-in account no longer exists): 401.</summary>
public sealed class SignInRequiredException(string message) : Exception(message);

/// <summary>The caller is a member but their role does not allow this: 403.</summary>
public sealed class ForbiddenException(string message) : RefusedException(message);

/// <summary>The request clashes with the current state (duplicate, invalid transition, last owner, a race lost): 409.
/// Errors names the fields concerned when known (field → messages, as on a 400).</summary>
public sealed class ConflictException(string message, object? details = null, Exception? innerException = null)
    : RefusedException(message, innerException)
{
    public object? Details { get; } = details;
    public IDictionary<string, string[]>? Errors { get; init; }
}

/// <summary>The studio's plan does not allow more of something (members, clients): 402, naming the limit and the plan.</summary>
public sealed class PlanLimitException(string message, string limit, string plan, int current, int max) : RefusedException(message)
{
    /// <summary>What is limited, as in the API: "members", "clients".</summary>
    public string Limit { get; } = limit;
    /// <summary>The plan's name (subscription_plans.name).</summary>
    public string Plan { get; } = plan;
    public int Current { get; } = current;
    public int Max { get; } = max;
}

/// <summary>A shared resource (database connections) stayed taken for longer than the request may wait: 503 with
/// Retry-After. Not a fault of the app: the caller tries again later.</summary>
public sealed class ServerBusyException(string message) : Exception(message)
{
    public const int RetryAfterSeconds = 2;
}

/// <summary>Collects field errors, then throws them all at once.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = new();

    public Validation Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    public Validation Check(bool ok, string field, string message) => ok ? this : Add(field, message);

    /// <summary>One rule for every email address the product stores: as parsed, at most 256 characters, a dotted host.</summary>
    public static bool IsEmail(string? value) =>
        value is { Length: > 0 and <= 256 } && System.Net.Mail.MailAddress.TryCreate(value, out var a)
        && a.Address == value && a.Host.Contains('.');

    /// <summary>One rule for every phone number: at most 50 characters, at least one digit, and only digits, spaces
    /// and + - ( ) . / between them.</summary>
    public static bool IsPhone(string? value) =>
        value is { Length: > 0 and <= 50 } && value.Any(char.IsAsciiDigit) && value.All(ch => char.IsAsciiDigit(ch) || " +-().\u00a0/".Contains(ch));

    /// <summary>An absolute http(s) link of at most 500 characters.</summary>
    public static bool IsWebLink(string? value) =>
        value is { Length: > 0 and <= 500 } && Uri.TryCreate(value, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps);

    // The shared rules as checks; a null value (absent, or cleared) passes all of them.
    public Validation MaxLength(string field, string? value, int max) =>
        Check(value is null || value.Length <= max, field, $"At most {max} characters ('{Shorten(value)}').");

    public Validation Email(string field, string? value) =>
        Check(value is null || IsEmail(value), field, $"'{Shorten(value)}' is not a valid email address.");

    public Validation Phone(string field, string? value) =>
        Check(value is null || IsPhone(value), field, $"'{Shorten(value)}' is not a phone number (digits, spaces and + - ( ) . / only).");

    public Validation WebLink(string field, string? value) =>
        Check(value is null || IsWebLink(value), field, $"'{Shorten(value)}' is not an absolute http(s) link.");

    public Validation Between(string field, decimal? value, decimal min, decimal max, string what) =>
        Check(value is null || (value >= min && value <= max), field, $"{what} is between {min} and {max}.");

    /// <summary>A closed-set query value (e.g. ?status=pending) by name, any case; null when absent; 400 naming the
    /// field and the allowed values otherwise (numbers are not names).</summary>
    public static TEnum? ParseEnum<TEnum>(string field, string? value) where TEnum : struct, Enum =>
        string.IsNullOrEmpty(value) ? null
        : Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) && !int.TryParse(value, out _) ? parsed
        : throw new ValidationFailedException(field,
            $"{field} is one of {string.Join(", ", Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()))}.");

    public bool IsValid => _errors.Count == 0;

    /// <summary>Every message collected so far, with its field.</summary>
    public IEnumerable<(string Field, string Message)> Messages =>
        _errors.SelectMany(e => e.Value.Select(m => (e.Key, m)));

    public void ThrowIfInvalid()
    {
        if (!IsValid) throw new ValidationFailedException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
    }

    private static string? Shorten(string? s) => s is { Length: > 60 } ? s[..57] + "…" : s;
}

/// <summary>Endpoint metadata by which every endpoint carrying it may answer an error status (a permission, 403; a
/// studio scope, 404): the OpenAPI document declares it without knowing the feature behind it.</summary>
public interface IAnswersErrorStatus
{
    int Status { get; }
}
