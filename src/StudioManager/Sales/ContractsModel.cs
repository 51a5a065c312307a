using Microsoft.EntityFrameworkCore;
using StudioManager.Infrastructure.Data;

namespace StudioManager.Sales;

/// <summary>The contracts' tables in the studio database: contracts, their yearly numbers, the templates.</summary>
public sealed class ContractsModel : ITenantModel
{
    public void Build(ModelBuilder model, DatabaseProvider provider)
    {
        model.Entity<Contract>();
        model.Entity<ContractTemplate>(b =>
        {
            b.ToTable("contract_templates");
            b.Property(t => t.Name).HasMaxLength(200);
            b.Property(t => t.Type).HasConversion<string>().HasMaxLength(20);
            b.Property(t => t.Body).HasMaxLength(ContractMerge.MaxLength);
            b.HasIndex(t => t.Name).IsUnique();
        });
    }
}

public static class ContractsTables
{
    extension(TenantDbContext db)
    {
        public DbSet<Contract> Contracts => db.Set<Contract>();
        public DbSet<ContractTemplate> ContractTemplates => db.Set<ContractTemplate>();
    }
}
