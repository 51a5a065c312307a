namespace StudioManager.Infrastructure.Errors;

/// <summary>Bad input: becomes 400 problem details with field → messages (field names in camelCase as in the API).</summary>
public sealed class ValidationFailedException(IDictionary<string, string[]> errors)
    : Exception("Validation failed: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")))
{
    public IDictionary<string, string[]> Errors { get; } = errors;

    public ValidationFailedException(string field, string message) : this(new Dictionary<string, string[]> { [field] = [message] }) { }
}

/// <summary>The thing does not exist for this caller: 404.</summary>
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>The caller must sign in first (or again: the signed-in account no longer exists): 401.</summary>
public sealed class SignInRequiredException(string message) : Exception(message);

/// <summary>The caller is a member but their role does not allow this: 403.</summary>
public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>The request clashes with the current state (duplicate, invalid transition, last owner): 409.</summary>
public sealed class ConflictException(string message, object? details = null) : Exception(message)
{
    public object? Details { get; } = details;
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

    public bool IsValid => _errors.Count == 0;

    /// <summary>Every message collected so far, with its field.</summary>
    public IEnumerable<(string Field, string Message)> Messages =>
        _errors.SelectMany(e => e.Value.Select(m => (e.Key, m)));

    public void ThrowIfInvalid()
    {
        if (!IsValid) throw new ValidationFailedException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
    }
}
