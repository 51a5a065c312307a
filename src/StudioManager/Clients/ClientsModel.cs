using Microsoft.EntityFrameworkCore;
using StudioManager.Infrastructure.Data;

namespace StudioManager.Clients;

/// <summary>The clients' tables in the studio database.</summary>
public sealed class ClientsModel : ITenantModel
{
    public void Build(ModelBuilder model, DatabaseProvider provider)
    {
        model.Entity<Client>();
        model.Entity<ClientNote>();
        model.Entity<ClientEmail>();
        if (provider != DatabaseProvider.Postgres) return;
        // Client search is LIKE '%word%' on the lower-cased search_text: a trigram GIN index keeps it fast on
        // large studios. pg_trgm is a trusted extension, so the database owner may create it.
        model.HasPostgresExtension("pg_trgm");
        model.Entity<Client>().HasIndex(c => c.SearchText).HasMethod("gin").HasOperators("gin_trgm_ops");
    }
}

public static class ClientsTables
{
    extension(TenantDbContext db)
    {
        public DbSet<Client> Clients => db.Set<Client>();
        public DbSet<ClientNote> ClientNotes => db.Set<ClientNote>();
        public DbSet<ClientEmail> ClientEmails => db.Set<ClientEmail>();
    }
}
