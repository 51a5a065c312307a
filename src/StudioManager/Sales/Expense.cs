using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StudioManager.Projects;
using StudioManager.Scheduling;

namespace StudioManager.Sales;

public enum ExpenseCategory { Rent, Utilities, Equipment, Maintenance, Software, Marketing, Salaries, Taxes, Other }

public enum ExpenseStatus { Pending, Paid }

/// <summary>Money the studio spends (tenant table expenses). Amount is net of tax and Tax the tax paid on it, both
/// to the cent, in the expense's currency; the total is their sum. A receipt, when attached, lives in the file
/// storage beside the audio (ReceiptKey).</summary>
[EntityTypeConfiguration(typeof(ExpenseConfiguration))]
public class Expense
{
    public int Id { get; set; }
    public ExpenseCategory Category { get; set; }
    public string Vendor { get; set; } = "";
    public decimal Amount { get; set; }
    public decimal Tax { get; set; }
    /// <summary>ISO 4217; the studio's currency unless given.</summary>
    public string Currency { get; set; } = "";
    /// <summary>The day of the expense (the studio's calendar).</summary>
    public DateOnly Date { get; set; }
    public ExpenseStatus Status { get; set; }
    public string? Notes { get; set; }
    public int? ProjectId { get; set; }
    public int? EquipmentId { get; set; }
    public string? ReceiptKey { get; set; }
    public string? ReceiptFileName { get; set; }
    public string? ReceiptContentType { get; set; }
    public long? ReceiptSize { get; set; }
    public int? CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public sealed class ExpenseConfiguration : IEntityTypeConfiguration<Expense>
{
    public void Configure(EntityTypeBuilder<Expense> b)
    {
        b.ToTable("expenses");
        b.Property(x => x.Category).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Vendor).HasMaxLength(200);
        b.Property(x => x.Amount).HasPrecision(14, 2);
        b.Property(x => x.Tax).HasPrecision(14, 2);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.Notes).HasMaxLength(4000);
        b.Property(x => x.ReceiptKey).HasMaxLength(300);
        b.Property(x => x.ReceiptFileName).HasMaxLength(255);
        b.Property(x => x.ReceiptContentType).HasMaxLength(100);
        // The list and the reports read by date (range), category and status.
        b.HasIndex(x => x.Date);
        b.HasIndex(x => new { x.Category, x.Date });
        // Deleting a project or a piece of equipment keeps its expenses (money spent stays on record), unlinked.
        b.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Equipment>().WithMany().HasForeignKey(x => x.EquipmentId).OnDelete(DeleteBehavior.SetNull);
    }
}
