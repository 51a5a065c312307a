using StudioManager.Infrastructure.Errors;

namespace StudioManager.Components;

/// <summary>The one place where a page turns a use case's errors into what its form shows: field errors (400) go
/// beside the fields (FieldError), any other refusal (403, 404, 409, 402) becomes one message (FormError).</summary>
public sealed class FormState
{
    public IDictionary<string, string[]>? Errors { get; private set; }
    public string? Error { get; private set; }

    /// <summary>Runs the use case; true when it succeeded, false when it was refused (the state then says why).</summary>
    public async Task<bool> RunAsync(Func<Task> useCase)
    {
        Errors = null;
        Error = null;
        try
        {
            await useCase();
            return true;
        }
        catch (ValidationFailedException e)
        {
            Errors = e.Errors;
        }
        catch (ConflictException e) when (e.Errors is not null)
        {
            // A conflict on a field (an email another client has) shows beside that field.
            Errors = e.Errors;
        }
        catch (RefusedException e)
        {
            Error = e.Message;
        }
        return false;
    }
}
