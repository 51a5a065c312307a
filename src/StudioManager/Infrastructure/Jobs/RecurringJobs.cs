using Quartz;

namespace StudioManager.Infrastructure.Jobs;

public static class RecurringJobs
{
    /// <summary>Schedules TJob with Quartz every {section}:Interval (defaultInterval when unset), unless
    /// {section}:Enabled is false (the tests run jobs themselves, at moments they choose). TJob is a singleton either
    /// way, so that it can be run by hand. Quartz's store is in memory: a job that must not act twice across nodes
    /// claims its work in the database.</summary>
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services, IConfiguration config, string section,
        TimeSpan defaultInterval) where TJob : class, IJob
    {
        services.AddSingleton<TJob>();
        if (!config.GetValue($"{section}:Enabled", true)) return services;
        var interval = config.GetValue($"{section}:Interval", defaultInterval);
        services.AddQuartz(q => q.ScheduleJob<TJob>(t => t.WithIdentity(section)
            .StartAt(DateTimeOffset.UtcNow + interval).WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever())));
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
