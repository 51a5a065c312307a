using Microsoft.EntityFrameworkCore;
using StudioManager.Clients;
using StudioManager.Infrastructure.Data;
using StudioManager.Projects;

namespace StudioManager.Sales;

/// <summary>The quotes tables in the studio database: quotes, their items and the yearly quote numbers.</summary>
public sealed class QuotesModel : ITenantModel
{
    public void Build(ModelBuilder model, DatabaseProvider provider)
    {
        model.Entity<Quote>(b =>
        {
            b.ToTable("quotes");
            b.Property(q => q.Number).HasMaxLength(40);
            b.Property(q => q.Status).HasConversion<string>().HasMaxLength(20);
            b.Property(q => q.Currency).HasMaxLength(3);
            b.Property(q => q.Notes).HasMaxLength(4000);
            foreach (var money in new[] { nameof(Quote.Subtotal), nameof(Quote.TaxTotal), nameof(Quote.Total) })
                b.Property(money).HasPrecision(14, 2);
            // The last guards: one number per quote, and one quote per invoice made from it.
            b.HasIndex(q => q.Number).IsUnique();
            b.HasIndex(q => q.InvoiceId).IsUnique();
            b.HasIndex(q => new { q.ClientId, q.Status });
            b.HasOne<Client>().WithMany().HasForeignKey(q => q.ClientId).OnDelete(DeleteBehavior.Restrict);
            // Deleting the project or the draft invoice made from the quote frees the quote to convert again.
            b.HasOne<Project>().WithMany().HasForeignKey(q => q.ProjectId).OnDelete(DeleteBehavior.SetNull);
            b.HasOne<Invoice>().WithMany().HasForeignKey(q => q.InvoiceId).OnDelete(DeleteBehavior.SetNull);
            b.HasMany(q => q.Items).WithOne().HasForeignKey(x => x.QuoteId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<QuoteItem>(b =>
        {
            b.ToTable("quote_items");
            b.Property(x => x.Description).HasMaxLength(500);
            b.Property(x => x.Quantity).HasPrecision(12, 3);
            b.Property(x => x.UnitPrice).HasPrecision(14, 4);
            b.Property(x => x.TaxRate).HasPrecision(5, 2);
            b.Property(x => x.Amount).HasPrecision(14, 2);
            b.HasIndex(x => new { x.QuoteId, x.Position });
        });
    }
}

public static class QuoteTables
{
    extension(TenantDbContext db)
    {
        public DbSet<Quote> Quotes => db.Set<Quote>();
        public DbSet<QuoteItem> QuoteItems => db.Set<QuoteItem>();
    }
}
