using Microsoft.EntityFrameworkCore;
using StudioManager.Infrastructure.Data;
using StudioManager.Scheduling;

namespace StudioManager.Sales;

/// <summary>The sales tables in the studio database: tax rates, invoices and their items, the sessions they bill,
/// payments, the yearly invoice numbers and the invoicing settings.</summary>
public sealed class SalesModel : ITenantModel
{
    public void Build(ModelBuilder model, DatabaseProvider provider)
    {
        model.Entity<Invoice>();
        model.Entity<InvoiceItem>(b =>
        {
            b.ToTable("invoice_items");
            b.Property(x => x.Description).HasMaxLength(500);
            b.Property(x => x.Quantity).HasPrecision(12, 3);
            b.Property(x => x.UnitPrice).HasPrecision(14, 4);
            b.Property(x => x.TaxRate).HasPrecision(5, 2);
            b.Property(x => x.Amount).HasPrecision(14, 2);
            b.HasIndex(x => new { x.InvoiceId, x.Position });
            b.HasIndex(x => x.SessionId);
        });
        model.Entity<InvoiceSession>(b =>
        {
            b.ToTable("invoice_sessions");
            b.HasKey(x => x.SessionId);
            b.HasOne<Invoice>().WithMany().HasForeignKey(x => x.InvoiceId).OnDelete(DeleteBehavior.Cascade);
            b.HasOne<Session>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Restrict);
        });
        model.Entity<Payment>(b =>
        {
            b.ToTable("payments");
            b.Property(p => p.Amount).HasPrecision(14, 2);
            b.Property(p => p.Method).HasConversion<string>().HasMaxLength(20);
            b.Property(p => p.Reference).HasMaxLength(200);
            b.HasOne<Invoice>().WithMany().HasForeignKey(p => p.InvoiceId).OnDelete(DeleteBehavior.Restrict);
        });
        model.Entity<DocumentNumber>(b =>
        {
            b.ToTable("document_numbers");
            b.HasKey(n => new { n.Kind, n.Year });
            b.Property(n => n.Kind).HasConversion<string>().HasMaxLength(20);
            b.Property(n => n.Year).ValueGeneratedNever();
        });
        model.Entity<InvoiceOverdueNotice>(b =>
        {
            b.ToTable("invoice_overdue_notices");
            b.HasKey(n => n.InvoiceId);
            b.Property(n => n.ClientEmail).HasMaxLength(320);
            b.HasOne<Invoice>().WithMany().HasForeignKey(n => n.InvoiceId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<TaxRate>(b =>
        {
            b.ToTable("tax_rates");
            b.Property(t => t.Name).HasMaxLength(100);
            b.Property(t => t.Rate).HasPrecision(5, 2);
            b.HasIndex(t => t.Name).IsUnique();
        });
        model.Entity<SalesSettings>(b =>
        {
            b.ToTable("sales_settings");
            b.Property(s => s.Id).ValueGeneratedNever();
            b.Property(s => s.InvoicePrefix).HasMaxLength(20);
        });
    }
}

public static class SalesTables
{
    extension(TenantDbContext db)
    {
        public DbSet<Invoice> Invoices => db.Set<Invoice>();
        public DbSet<InvoiceItem> InvoiceItems => db.Set<InvoiceItem>();
        public DbSet<InvoiceSession> InvoiceSessions => db.Set<InvoiceSession>();
        public DbSet<Payment> Payments => db.Set<Payment>();
        public DbSet<TaxRate> TaxRates => db.Set<TaxRate>();
        public DbSet<InvoiceOverdueNotice> InvoiceOverdueNotices => db.Set<InvoiceOverdueNotice>();
        public DbSet<SalesSettings> SalesSettings => db.Set<SalesSettings>();
    }
}
