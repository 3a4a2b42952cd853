import { LocationProvider, Route, Router } from 'preact-iso';
import { Layout } from './components/layout';
import { SessionProvider } from './session';
import { dashboardPaths } from './paths';
import { SignInPage } from './pages/sign-in';
import { JobsPage } from './pages/jobs';
import { JobPage } from './pages/job';
import { UploadPage } from './pages/upload';
import { ImportJobsPage } from './pages/import-jobs';
import { ImportJobPage } from './pages/import-job';
import { NewImportJobPage } from './pages/new-import-job';
import { MappingsPage } from './pages/mappings';
import { QuotaPage } from './pages/quota';
import { NotFoundPage } from './pages/not-found';

export function App() {
  return (
    <LocationProvider>
      <SessionProvider>
        <Layout>
          <Router>
            <Route path={dashboardPaths.signIn} component={SignInPage} />
            <Route path="/" component={JobsPage} />
            <Route path={dashboardPaths.jobs} component={JobsPage} />
            <Route path="/jobs/:jobId" component={JobPage} />
            <Route path="/jobs/:jobId/download/:file" component={JobPage} />
            <Route path={dashboardPaths.upload} component={UploadPage} />
            <Route path={dashboardPaths.importJobs} component={ImportJobsPage} />
            <Route path={dashboardPaths.newImportJob} component={NewImportJobPage} />
            <Route path="/import-jobs/:importJobId" component={ImportJobPage} />
            <Route path={dashboardPaths.mappings} component={MappingsPage} />
            <Route path={dashboardPaths.quota} component={QuotaPage} />
            <Route default component={NotFoundPage} />
          </Router>
        </Layout>
      </SessionProvider>
    </LocationProvider>
  );
}
