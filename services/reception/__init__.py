"""Reception days, reminders, contact points' problems and milestones, petition analysis."""
