using StudioManager.Infrastructure.Time;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using StudioManager.Clients;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Errors;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;

namespace StudioManager.Sales;

/// <summary>The studio's tax rates (named, one default) and invoicing settings (number prefix, payment terms).</summary>
public sealed partial class SalesSetupService(TenantDbContext db, TimeProvider clock, CurrentTenant tenant)
{
    [RequiresPermission(Permission.ViewMoney)]
    public async Task<List<TaxRateDto>> ListTaxRatesAsync(CancellationToken ct = default)
    {
        tenant.Authorize(this);
        return (await db.TaxRates.AsNoTracking().OrderBy(t => t.Rate).ThenBy(t => t.Name).ToListAsync(ct)).Select(Dto).ToList();
    }

    [RequiresPermission(Permission.ViewMoney)]
    public async Task<TaxRateDto> GetTaxRateAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        return Dto(await FindAsync(id, ct));
    }

    [RequiresPermission(Permission.ManageMoney)]
    public async Task<TaxRateDto> CreateTaxRateAsync(TaxRateInput input, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var rate = new TaxRate { CreatedAt = clock.StoredUtcNow() };
        Apply(rate, input, requireAll: true);
        return await SaveAsync(rate, ct);
    }

    [RequiresPermission(Permission.ManageMoney)]
    public async Task<TaxRateDto> UpdateTaxRateAsync(int id, TaxRateInput patch, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var rate = await FindAsync(id, ct);
        Apply(rate, patch, requireAll: false);
        return await SaveAsync(rate, ct);
    }

    /// <summary>Lines keep the percent they were saved with: deleting a rate changes no invoice.</summary>
    [RequiresPermission(Permission.ManageMoney)]
    public async Task DeleteTaxRateAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        db.TaxRates.Remove(await FindAsync(id, ct));
        await db.SaveChangesAsync(ct);
    }

    [RequiresPermission(Permission.ViewMoney)]
    public async Task<InvoiceSettingsDto> GetInvoiceSettingsAsync(CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var s = await SettingsAsync(ct);
        return new InvoiceSettingsDto(s.InvoicePrefix, s.PaymentTermsDays);
    }

    /// <summary>A new prefix applies to invoices issued from now on; issued numbers never change.</summary>
    [RequiresPermission(Permission.ManageMoney)]
    public async Task<InvoiceSettingsDto> UpdateInvoiceSettingsAsync(InvoiceSettingsInput patch, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var s = await db.SalesSettings.FirstOrDefaultAsync(x => x.Id == 1, ct);
        if (s is null) db.SalesSettings.Add(s = new SalesSettings { Id = 1 });
        var v = new Validation();
        if (patch.InvoicePrefix.HasValue)
        {
            s.InvoicePrefix = patch.InvoicePrefix.Value?.Trim().ToUpperInvariant() ?? "";
            v.Check(Prefix().IsMatch(s.InvoicePrefix), "invoicePrefix", "The prefix is 1 to 20 letters, digits or dashes, starting with a letter (INV).");
        }
        if (patch.PaymentTermsDays.HasValue)
        {
            v.Check(patch.PaymentTermsDays.Value is >= 0 and <= 365, "paymentTermsDays", "Payment terms (days) is between 0 and 365.");
            s.PaymentTermsDays = patch.PaymentTermsDays.Value ?? 30;
        }
        v.ThrowIfInvalid();
        await db.SaveChangesAsync(ct);
        return new InvoiceSettingsDto(s.InvoicePrefix, s.PaymentTermsDays);
    }

    /// <summary>The settings row, or the defaults while none was saved.</summary>
    internal async Task<SalesSettings> SettingsAsync(CancellationToken ct) =>
        await db.SalesSettings.AsNoTracking().FirstOrDefaultAsync(x => x.Id == 1, ct) ?? new SalesSettings { Id = 1 };

    /// <summary>The percent of the default tax rate, 0 without one.</summary>
    internal async Task<decimal> DefaultRateAsync(CancellationToken ct) =>
        await db.TaxRates.AsNoTracking().Where(t => t.IsDefault).Select(t => (decimal?)t.Rate).FirstOrDefaultAsync(ct) ?? 0m;

    private static void Apply(TaxRate t, TaxRateInput i, bool requireAll)
    {
        var v = new Validation();
        if (i.Name.HasValue) t.Name = i.Name.Value?.Trim() ?? "";
        if (i.Rate.HasValue) t.Rate = i.Rate.Value ?? -1;
        if (i.IsDefault.HasValue) t.IsDefault = i.IsDefault.Value;
        v.Check(t.Name.Length > 0, "name", "A name is required (VAT 20 %).").MaxLength("name", t.Name, 100)
         .Check(!requireAll || i.Rate.HasValue, "rate", "A rate (a percent, 20 for 20 %) is required.")
         .Check(t.Rate is >= 0 and <= 100 && t.Rate == Math.Round(t.Rate, 2), "rate", "The rate is a percent between 0 and 100, with at most 2 decimals.")
         .ThrowIfInvalid();
    }

    /// <summary>Saves the rate; a new default takes the flag from the others in the same transaction.</summary>
    private async Task<TaxRateDto> SaveAsync(TaxRate rate, CancellationToken ct)
    {
        if (await db.TaxRates.AnyAsync(t => t.Id != rate.Id && t.Name == rate.Name, ct))
        {
            var taken = $"There is already a tax rate named {rate.Name}.";
            throw new ConflictException(taken) { Errors = new Dictionary<string, string[]> { ["name"] = [taken] } };
        }
        await db.InTransactionAsync(async () =>
        {
            await db.LockTableAsync<TaxRate>(ct);
            if (rate.IsDefault)
                await db.TaxRates.Where(t => t.IsDefault && t.Id != rate.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.IsDefault, false), ct);
            if (rate.Id == 0) db.TaxRates.Add(rate);
            await db.SaveChangesAsync(ct);
            return 0;
        }, ct);
        return Dto(rate);
    }

    private async Task<TaxRate> FindAsync(int id, CancellationToken ct) =>
        await db.TaxRates.FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException($"There is no tax rate {id}.");

    private static TaxRateDto Dto(TaxRate t) => new(t.Id, t.Name, t.Rate, t.IsDefault);

    [GeneratedRegex("^[A-Z][A-Z0-9-]{0,19}$")] private static partial Regex Prefix();
}
