namespace StudioManager.Scheduling;

/// <summary>A session's price from its room's rates: the cheapest mix of full days (8 h), half days (4 h) and hours
/// that covers the duration (hours prorated to the minute), using only the rates the room has. Money is rounded half
/// away from zero to the cent.</summary>
public static class SessionPricing
{
    public static readonly TimeSpan HalfDay = TimeSpan.FromHours(4);
    public static readonly TimeSpan FullDay = TimeSpan.FromHours(8);

    /// <summary>Null when the room has no rate.</summary>
    public static decimal? PriceOf(TimeSpan duration, decimal? hourly, decimal? halfDay, decimal? fullDay)
    {
        if (hourly is null && halfDay is null && fullDay is null) return null;
        var hours = (decimal)duration.TotalMinutes / 60m;
        decimal? best = null;
        var maxFull = fullDay is null ? 0 : (int)Math.Ceiling(hours / 8m);
        for (var full = 0; full <= maxFull; full++)
        {
            var afterFull = Math.Max(0, hours - 8m * full);
            var maxHalf = halfDay is null ? 0 : (int)Math.Ceiling(afterFull / 4m);
            for (var half = 0; half <= maxHalf; half++)
            {
                var rest = Math.Max(0, afterFull - 4m * half);
                if (rest > 0 && hourly is null) continue;
                var price = full * (fullDay ?? 0) + half * (halfDay ?? 0) + rest * (hourly ?? 0);
                if (best is null || price < best) best = price;
            }
        }
        return best is null ? null : Money(best.Value);
    }

    /// <summary>The deposit: a percentage of the price.</summary>
    public static decimal? DepositOf(decimal? price, decimal? percent) =>
        price is null || percent is null ? null : Money(price.Value * percent.Value / 100m);

    public static decimal Money(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);
}
