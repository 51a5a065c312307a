namespace StudioManager.Infrastructure.Time;

public static class StoredTime
{
    /// <summary>Now, to the microsecond: what PostgreSQL keeps, so that a value returned at once equals the one read later.</summary>
    public static DateTime StoredUtcNow(this TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % 10));
    }
}
