// The dashboard's addresses are shared with the emails that link to it, so they are declared once, beside the
// route table.
export { dashboardPaths, JOB_DOWNLOADS, type JobDownload } from '../../functions/core/notifications/dashboard-paths';
