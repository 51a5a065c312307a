using Microsoft.EntityFrameworkCore;
using StudioManager.Infrastructure.Data;

namespace StudioManager.Sales;

public enum DocumentKind { Invoice, Quote, Contract }

/// <summary>The last number given to a kind of document in a year (tenant table document_numbers).</summary>
public class DocumentNumber
{
    public DocumentKind Kind { get; set; }
    public int Year { get; set; }
    public int Last { get; set; }
}

public static class DocumentNumbers
{
    extension(TenantDbContext db)
    {
        /// <summary>The next number of a kind in a year, saved by the caller's SaveChanges. Taken in the transaction
        /// that numbers the document (an invoice at issue, a quote or a contract at creation), under that document
        /// table's lock: a rolled-back transaction gives its number back, so there are no gaps and no duplicates.</summary>
        public async Task<int> NextNumberAsync(DocumentKind kind, int year, CancellationToken ct)
        {
            var counter = await db.Set<DocumentNumber>().FirstOrDefaultAsync(n => n.Kind == kind && n.Year == year, ct);
            if (counter is null) db.Set<DocumentNumber>().Add(counter = new DocumentNumber { Kind = kind, Year = year });
            return ++counter.Last;
        }
    }
}
