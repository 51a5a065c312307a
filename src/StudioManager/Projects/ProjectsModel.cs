using Microsoft.EntityFrameworkCore;
using StudioManager.Infrastructure.Data;

namespace StudioManager.Projects;

/// <summary>The projects' tables in the studio database.</summary>
public sealed class ProjectsModel : ITenantModel
{
    public void Build(ModelBuilder model, DatabaseProvider provider)
    {
        model.Entity<Project>();
        model.Entity<Track>();
        model.Entity<AudioRevision>();
        model.Entity<TrackComment>();
        model.Entity<Musician>();
        model.Entity<TrackCredit>();
        model.Entity<ShareLink>();
    }
}

public static class ProjectsTables
{
    extension(TenantDbContext db)
    {
        public DbSet<Project> Projects => db.Set<Project>();
        public DbSet<Track> Tracks => db.Set<Track>();
        public DbSet<AudioRevision> AudioRevisions => db.Set<AudioRevision>();
        public DbSet<TrackComment> TrackComments => db.Set<TrackComment>();
        public DbSet<Musician> Musicians => db.Set<Musician>();
        public DbSet<TrackCredit> TrackCredits => db.Set<TrackCredit>();
        public DbSet<ShareLink> ShareLinks => db.Set<ShareLink>();
    }
}
