using Microsoft.EntityFrameworkCore;
using StudioManager.Infrastructure.Data;
using StudioManager.Infrastructure.Errors;
using StudioManager.Infrastructure.Hosting;
using StudioManager.Infrastructure.Storage;
using StudioManager.Infrastructure.Time;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;
using StudioManager.Projects;
using StudioManager.Scheduling;

namespace StudioManager.Sales;

/// <summary>The studio's expenses and their receipts. API and pages go through here. Receipts go to the same file
/// storage as the audio (local disk or S3), streamed through a temporary file and recognised from their bytes.</summary>
public sealed class ExpenseService(TenantDbContext db, TimeProvider clock, CurrentTenant tenant, IFileStorage storage)
{
    public const long MaxReceiptBytes = 20 * 1024 * 1024;

    [RequiresPermission(Permission.ViewMoney)]
    public async Task<ListPage<ExpenseDto>> ListAsync(ExpenseQuery query, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var q = db.Expenses.AsNoTracking();
        if (Validation.ParseEnum<ExpenseCategory>("category", query.Category) is { } category) q = q.Where(x => x.Category == category);
        if (Validation.ParseEnum<ExpenseStatus>("status", query.Status) is { } status) q = q.Where(x => x.Status == status);
        if (query.From is { } from) q = q.Where(x => x.Date >= from);
        if (query.To is { } to) q = q.Where(x => x.Date <= to);
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var text = query.Q.Trim().ToLowerInvariant();
            q = q.Where(x => x.Vendor.ToLower().Contains(text));
        }
        var page = await q.OrderByDescending(x => x.Date).ThenByDescending(x => x.Id).ToListPageAsync(Paging.Of(query.Page, query.PageSize), ct);
        return page.Map(Dto);
    }

    [RequiresPermission(Permission.ViewMoney)]
    public async Task<ExpenseDto> GetAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        return Dto(await FindAsync(id, ct));
    }

    [RequiresPermission(Permission.ManageMoney)]
    public async Task<ExpenseDto> CreateAsync(ExpenseInput input, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var now = clock.StoredUtcNow();
        var expense = new Expense
        {
            Currency = tenant.Studio.Currency, Date = Today(), Status = ExpenseStatus.Pending, CreatedBy = tenant.UserId, CreatedAt = now, UpdatedAt = now,
        };
        var v = new Validation();
        v.Check(input.Category.Value is not null, "category", $"A category is required ({Names<ExpenseCategory>()}).")
         .Check(!string.IsNullOrWhiteSpace(input.Vendor.Value), "vendor", "A vendor is required.")
         .Check(input.Amount.Value is not null, "amount", "An amount is required.");
        await ApplyAsync(expense, input, v, ct);
        db.Expenses.Add(expense);
        await db.SaveChangesAsync(ct);
        return Dto(expense);
    }

    /// <summary>Changes the fields sent.</summary>
    [RequiresPermission(Permission.ManageMoney)]
    public async Task<ExpenseDto> UpdateAsync(int id, ExpenseInput patch, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var expense = await FindAsync(id, ct, tracked: true);
        var v = new Validation();
        v.Check(!patch.Category.HasValue || patch.Category.Value is not null, "category", $"A category is required ({Names<ExpenseCategory>()}).")
         .Check(!patch.Vendor.HasValue || !string.IsNullOrWhiteSpace(patch.Vendor.Value), "vendor", "A vendor is required.")
         .Check(!patch.Amount.HasValue || patch.Amount.Value is not null, "amount", "An amount is required.");
        await ApplyAsync(expense, patch, v, ct);
        expense.UpdatedAt = clock.StoredUtcNow();
        await db.SaveChangesAsync(ct);
        return Dto(expense);
    }

    /// <summary>Deletes an expense and its receipt.</summary>
    [RequiresPermission(Permission.ManageMoney)]
    public async Task DeleteAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var expense = await FindAsync(id, ct, tracked: true);
        db.Expenses.Remove(expense);
        await db.SaveChangesAsync(ct);
        await DeleteFileAsync(expense.ReceiptKey);
    }

    /// <summary>Attaches a receipt (replacing any): PDF, JPEG, PNG or WebP judged from its bytes, at most 20 MB. The
    /// content is streamed to a temporary file, never held in memory; anything refused leaves nothing stored. Of two
    /// uploads at once, the one that finds the receipt changed under it is refused (409) and its file removed, so a
    /// stored file always belongs to a row.</summary>
    [RequiresPermission(Permission.ManageMoney)]
    public async Task<ExpenseDto> AttachReceiptAsync(int id, Stream? content, string? fileName, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var expense = await FindAsync(id, ct);
        if (content is null) throw new ValidationFailedException("file", "Send the receipt as multipart/form-data in the field 'file'.");
        var temp = Path.Combine(storage.TempFolder, Guid.NewGuid().ToString("N"));
        try
        {
            var received = await ReceivedFile.ReceiveAsync(content, temp, MaxReceiptBytes, "A receipt is at most 20 MB.", ct);
            var format = await ReceiptFormat.DetectAsync(temp, ct)
                         ?? throw new ValidationFailedException("file", "A receipt is a PDF, JPEG, PNG or WebP file (judging by its content).");
            var key = $"studios/{tenant.Studio.OrganizationId}/receipts/{id}-{Guid.NewGuid():N}{format.Extension}";
            await storage.PutAsync(key, temp, ct);
            var previous = expense.ReceiptKey;
            // Compare-and-set on the key read above: a concurrent upload or removal makes this one lose, not orphan a file.
            var changed = await db.Expenses.Where(x => x.Id == id && x.ReceiptKey == previous).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.ReceiptKey, key)
                .SetProperty(x => x.ReceiptFileName, MultipartFile.CleanFileName(fileName, "receipt" + format.Extension))
                .SetProperty(x => x.ReceiptContentType, format.ContentType)
                .SetProperty(x => x.ReceiptSize, received.Size)
                .SetProperty(x => x.UpdatedAt, clock.StoredUtcNow()), ct);
            if (changed == 0)
            {
                await DeleteFileAsync(key);
                throw new ConflictException("The receipt of this expense changed meanwhile (another upload or removal). Upload again.");
            }
            await DeleteFileAsync(previous);
            return Dto(await FindAsync(id, ct));
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>The expense's receipt, for download (404 when it has none).</summary>
    [RequiresPermission(Permission.ViewMoney)]
    public async Task<ReceiptFile> OpenReceiptAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var expense = await FindAsync(id, ct);
        if (expense.ReceiptKey is null) throw new NotFoundException($"Expense {id} has no receipt.");
        var content = await storage.OpenReadAsync(expense.ReceiptKey, ct) ?? throw new NotFoundException($"The receipt of expense {id} is missing from storage.");
        return new ReceiptFile(content, expense.ReceiptContentType!, expense.ReceiptFileName!);
    }

    /// <summary>Removes the receipt (none: nothing to do).</summary>
    [RequiresPermission(Permission.ManageMoney)]
    public async Task<ExpenseDto> RemoveReceiptAsync(int id, CancellationToken ct = default)
    {
        tenant.Authorize(this);
        var expense = await FindAsync(id, ct, tracked: true);
        var key = expense.ReceiptKey;
        (expense.ReceiptKey, expense.ReceiptFileName, expense.ReceiptContentType, expense.ReceiptSize) = (null, null, null, null);
        expense.UpdatedAt = clock.StoredUtcNow();
        await db.SaveChangesAsync(ct);
        await DeleteFileAsync(key);
        return Dto(expense);
    }

    private async Task ApplyAsync(Expense e, ExpenseInput i, Validation v, CancellationToken ct)
    {
        string? Clean(Optional<string?> field) => string.IsNullOrWhiteSpace(field.Value) ? null : field.Value.Trim();
        v.MaxLength("vendor", Clean(i.Vendor), 200)
         .Check(i.Amount.Value is not { } amount || (Math.Abs(amount) <= 1_000_000_000 && amount == Math.Round(amount, 2)), "amount",
             "The amount is at most 1,000,000,000 (negative for a refund), with at most 2 decimals.")
         .Check(i.Tax.Value is not { } tax || (Math.Abs(tax) <= 1_000_000_000 && tax == Math.Round(tax, 2)), "tax",
             "The tax is at most 1,000,000,000, with at most 2 decimals.")
         .Check(Clean(i.Currency) is not { } currency || StudioSettingsRules.IsCurrency(currency.ToUpperInvariant()), "currency",
             $"'{i.Currency.Value}' is not an ISO 4217 currency code (e.g. EUR).")
         .MaxLength("notes", Clean(i.Notes), 4000);
        if (i.ProjectId.Value is { } projectId)
            v.Check(await db.Projects.AnyAsync(p => p.Id == projectId, ct), "projectId", $"There is no project {projectId}.");
        if (i.EquipmentId.Value is { } equipmentId)
            v.Check(await db.Equipment.AnyAsync(x => x.Id == equipmentId, ct), "equipmentId", $"There is no equipment {equipmentId}.");
        v.ThrowIfInvalid();

        if (i.Category.HasValue) e.Category = i.Category.Value!.Value;
        if (i.Vendor.HasValue) e.Vendor = Clean(i.Vendor)!;
        if (i.Amount.HasValue) e.Amount = i.Amount.Value!.Value;
        if (i.Tax.HasValue) e.Tax = i.Tax.Value ?? 0;
        if (i.Currency.HasValue) e.Currency = Clean(i.Currency)?.ToUpperInvariant() ?? tenant.Studio.Currency;
        if (i.Date.HasValue) e.Date = i.Date.Value ?? Today();
        if (i.Status.HasValue) e.Status = i.Status.Value ?? ExpenseStatus.Pending;
        if (i.Notes.HasValue) e.Notes = Clean(i.Notes);
        if (i.ProjectId.HasValue) e.ProjectId = i.ProjectId.Value;
        if (i.EquipmentId.HasValue) e.EquipmentId = i.EquipmentId.Value;
    }

    private async Task<Expense> FindAsync(int id, CancellationToken ct, bool tracked = false) =>
        await (tracked ? db.Expenses : db.Expenses.AsNoTracking()).FirstOrDefaultAsync(x => x.Id == id, ct)
        ?? throw new NotFoundException($"There is no expense {id}.");

    /// <summary>After the row changed: a file left behind by a failure is only disk space, a row without its file a broken link.</summary>
    private async Task DeleteFileAsync(string? key)
    {
        if (key is null) return;
        try { await storage.DeleteAsync(key, CancellationToken.None); }
        catch (IOException) { }
    }

    private static ExpenseDto Dto(Expense e) => new(e.Id, e.Category, e.Vendor, e.Amount, e.Tax, e.Amount + e.Tax, e.Currency, e.Date, e.Status,
        e.Notes, e.ProjectId, e.EquipmentId, e.ReceiptKey is null ? null : new ReceiptDto(e.ReceiptFileName!, e.ReceiptContentType!, e.ReceiptSize ?? 0),
        e.CreatedAt, e.UpdatedAt);

    private static string Names<T>() where T : struct, Enum => string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()));

    private DateOnly Today() => StudioTime.Today(clock, tenant.Studio.TimeZone);
}

/// <summary>Receipt formats, recognised by their first bytes (never by the name or the declared type).</summary>
public sealed record ReceiptFormat(string Extension, string ContentType)
{
    public static async Task<ReceiptFormat?> DetectAsync(string path, CancellationToken ct)
    {
        var head = new byte[16];
        await using var file = File.OpenRead(path);
        var read = await file.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        var b = head.AsSpan(0, read);
        if (b.StartsWith("%PDF-"u8)) return new(".pdf", "application/pdf");
        // The logo's image formats, less SVG (a script could ride in it).
        return LogoFormat.Detect(b) is { } ext and not ".svg" ? new(ext, LogoFormat.ContentType(ext)) : null;
    }
}
