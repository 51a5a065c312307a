using Microsoft.EntityFrameworkCore;
using StudioManager.Infrastructure.Data;

namespace StudioManager.Sales;

/// <summary>The expenses table in the studio database.</summary>
public sealed class ExpensesModel : ITenantModel
{
    public void Build(ModelBuilder model, DatabaseProvider provider) => model.Entity<Expense>();
}

public static class ExpensesTables
{
    extension(TenantDbContext db)
    {
        public DbSet<Expense> Expenses => db.Set<Expense>();
    }
}
