import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, expectData } from '../api';
import { dashboardPaths } from '../paths';
import { ImportJobSettings } from '../components/import-jobs/settings';
import { STEPS, Stepper } from '../components/import-jobs/stepper';
import { MappingStep, missingRequired } from '../components/import-jobs/steps/mapping-step';
import { NameStep } from '../components/import-jobs/steps/name-step';
import { NotificationsStep } from '../components/import-jobs/steps/notifications-step';
import { SampleStep } from '../components/import-jobs/steps/sample-step';
import { ScheduleStep } from '../components/import-jobs/steps/schedule-step';
import { errorText, fieldErrors, type ImportJob, type Sample, type SavedMapping } from '../components/import-jobs/model';
import {
  emailList,
  initialState,
  mappingFromSample,
  mappingToSend,
  scheduleOf,
  stateFromJob,
  type SetupState,
} from '../components/import-jobs/setup-state';
import '../components/import-jobs/import-jobs.css';

const [NAME, SAMPLE, MAPPING, SCHEDULE, NOTIFICATIONS, REVIEW] = [0, 1, 2, 3, 4, 5];

const sameMapping = (a: Readonly<Record<string, string>> | null, b: Readonly<Record<string, string>>) =>
  a !== null && JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/**
 * Setting up an import job step by step (issue 11 item 6), in the order the contract needs: the job is created as
 * a draft when the first step is done (a sample is read into an existing job), each later step saves its part with a
 * PATCH when the person moves on, and the last step activates it. A service error stays on the step, beside the
 * field it names. `?importJobId=` continues a job set up earlier (e.g. one whose sample failed).
 */
export function NewImportJobPage() {
  const { route, query } = useLocation();
  const [step, setStep] = useState(NAME);
  const [state, setState] = useState<SetupState>(initialState);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [stepError, setStepError] = useState<string | undefined>(undefined);
  const [savedMappings, setSavedMappings] = useState<SavedMapping[]>([]);
  const heading = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);
  // The mapping whose sample problems the person has seen: a second Next goes on with them.
  const problemsSeenFor = useRef<string | null>(null);

  // A sample is read while a job is being set up (draft, sampling_failed); a paused or halted job is changed without one.
  const canSample = !job || job.status === 'draft' || job.status === 'sampling_failed';
  const stopped = job?.status === 'paused' || job?.status === 'halted';
  const update = (patch: Partial<SetupState>) => setState((current) => ({ ...current, ...patch }));
  const path = (id: string) => ({ params: { path: { importJobId: id } } });

  useEffect(() => {
    const id = query.importJobId;
    if (!id) return;
    expectData(api.GET('/batch-import/import-jobs/{importJobId}', path(id)))
      .then(({ importJob }) => {
        setJob(importJob);
        setState(stateFromJob(importJob));
        // A job being set up continues at its sample; a paused or halted one starts from the top.
        setStep(importJob.status === 'draft' || importJob.status === 'sampling_failed' ? SAMPLE : NAME);
      })
      .catch((caught) => setStepError(errorText(caught)));
  }, []);

  useEffect(() => {
    expectData(api.GET('/batch-import/mappings', {}))
      .then((answer) => setSavedMappings(answer.mappings))
      .catch(() => setSavedMappings([]));
  }, []);

  // The new step's heading takes the focus, so a screen reader reads where the person is now.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    heading.current?.focus();
  }, [step]);

  function fail(caught: unknown) {
    setErrors(fieldErrors(caught));
    setStepError(errorText(caught));
  }

  /** Reads a sample into the job; the answer's sample, or null when the service refused it (the reason is shown). */
  async function readSample(file: File, format: SetupState['format'], current: ImportJob | null = job): Promise<Sample | null> {
    if (!current) return null;
    setBusy(true);
    setStepError(undefined);
    setErrors({});
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      if (format.encoding) form.append('encoding', format.encoding);
      if (format.columnDelimiter) form.append('columnDelimiter', format.columnDelimiter);
      if (format.rowDelimiter) form.append('rowDelimiter', format.rowDelimiter);
      const answer = await expectData(
        api.POST('/batch-import/import-jobs/{importJobId}/sample', { ...path(current.id), body: form as never }),
      );
      const { sample, importJob } = answer;
      setJob(importJob);
      const mapping = mappingFromSample(sample);
      setState((s) => ({
        ...s,
        sampleFile: file,
        sample,
        mapping,
        sampledMapping: mapping,
        format: {
          encoding: sample.encoding ?? s.format.encoding,
          columnDelimiter: sample.columnDelimiter ?? s.format.columnDelimiter,
          rowDelimiter: sample.rowDelimiter ?? s.format.rowDelimiter,
        },
      }));
      return sample;
    } catch (caught) {
      fail(caught);
      return null;
    } finally {
      setBusy(false);
    }
  }

  /** Saves what the current step holds; false keeps the person on it, with the reason shown there. */
  async function save(): Promise<boolean> {
    switch (step) {
      case NAME: {
        if (!state.name.trim()) {
          setErrors({ name: 'Give the job a name' });
          return false;
        }
        const source = {
          filenamePattern: state.filenamePattern.trim(),
          ...(state.maxFileAgeHours ? { maxFileAgeHours: Number(state.maxFileAgeHours) } : { maxFileAgeHours: null }),
        };
        if (!job) {
          // The service needs a schedule to create a job: the one the schedule step starts from (a draft is not armed).
          const created = await expectData(
            api.POST('/batch-import/import-jobs', {
              body: { name: state.name.trim(), kind: state.kind, namespace: state.namespace.trim(), source, schedule: scheduleOf(state.schedule) },
            }),
          );
          setJob(created.importJob);
        } else {
          const changed = await expectData(
            api.PATCH('/batch-import/import-jobs/{importJobId}', { ...path(job.id), body: { name: state.name.trim(), namespace: state.namespace.trim(), source } }),
          );
          setJob(changed.importJob);
        }
        return true;
      }
      case SAMPLE:
        if (!state.sample && !job?.columnMapping && !job?.mappingId) {
          setStepError('Upload a sample file: the next step maps its columns.');
          return false;
        }
        if (state.sample?.failure && state.sample.failure.code !== 'MISSING_REQUIRED_COLUMNS') {
          setStepError('This sample cannot be read: change the options above and read it again, or upload another file.');
          return false;
        }
        return true;
      case MAPPING: {
        // A job that reads through a saved mapping, with no sample to list its columns, keeps that mapping.
        if (Object.keys(state.mapping).length === 0 && job?.mappingId) return true;
        const missing = missingRequired(state.kind, state.mapping);
        if (missing.length > 0) {
          setStepError(`Map a column to each required field: ${missing.join(', ')}.`);
          return false;
        }
        const changed = await expectData(
          api.PATCH('/batch-import/import-jobs/{importJobId}', {
            ...path(job!.id),
            body: { columnMapping: mappingToSend(state.mapping), ...(job!.mappingId ? { mappingId: null } : {}) },
          }),
        );
        setJob(changed.importJob);
        const needsCheck = changed.importJob.status === 'sampling_failed' || !sameMapping(state.sampledMapping, state.mapping);
        if (!needsCheck || !canSample) return true;
        if (!state.sampleFile) {
          if (changed.importJob.status !== 'sampling_failed') return true;
          setStepError('Upload the sample again in the previous step, so the job is checked with this mapping.');
          return false;
        }
        // The sample is read again with the new mapping: the job leaves sampling_failed, and the problems shown are this mapping's.
        const mapping = state.mapping;
        const sample = await readSample(state.sampleFile, state.format, changed.importJob);
        if (!sample) return false;
        setState((s) => ({ ...s, mapping, sampledMapping: mapping }));
        if (sample.failure) {
          setStepError(`The sample still cannot be imported with this mapping: ${sample.failure.message}`);
          return false;
        }
        const key = JSON.stringify(mapping);
        if (sample.problems.length > 0 && problemsSeenFor.current !== key) {
          // Rows that would fail are shown before going on; Next again accepts them (their runs report them as failed rows).
          problemsSeenFor.current = key;
          return false;
        }
        return true;
      }
      case SCHEDULE: {
        const changed = await expectData(
          api.PATCH('/batch-import/import-jobs/{importJobId}', { ...path(job!.id), body: { schedule: scheduleOf(state.schedule) } }),
        );
        setJob(changed.importJob);
        return true;
      }
      case NOTIFICATIONS: {
        const emails = emailList(state.emails);
        const changed = await expectData(
          api.PATCH('/batch-import/import-jobs/{importJobId}', {
            ...path(job!.id),
            body: { notifications: { emails, ...(state.events.length > 0 ? { events: [...state.events] } : {}) } },
          }),
        );
        setJob(changed.importJob);
        return true;
      }
      default:
        return true;
    }
  }

  async function next() {
    setBusy(true);
    setErrors({});
    setStepError(undefined);
    try {
      if (await save()) setStep((s) => Math.min(s + 1, REVIEW));
    } catch (caught) {
      fail(caught);
    } finally {
      setBusy(false);
    }
  }

  async function activate() {
    if (!job) return;
    setBusy(true);
    setStepError(undefined);
    try {
      if (stopped) await expectData(api.POST('/batch-import/import-jobs/{importJobId}/reactivate', path(job.id)));
      else await expectData(api.POST('/batch-import/import-jobs/{importJobId}/activate', path(job.id)));
      route(dashboardPaths.importJob(job.id));
    } catch (caught) {
      fail(caught);
    } finally {
      setBusy(false);
    }
  }

  const props = { state, update, errors };
  return (
    <section class="new-import-job">
      <p class="breadcrumb">
        <a href={dashboardPaths.importJobs}>Import jobs</a>
      </p>
      <h1>{job ? `${stopped ? 'Change' : 'Set up'} ${job.name}` : 'New import job'}</h1>
      <Stepper current={step} />
      <form
        class="panel step-panel"
        onSubmit={(event) => {
          event.preventDefault();
          if (step < REVIEW) void next();
        }}
        noValidate
      >
        <h2 id="step-title" tabIndex={-1} ref={heading}>
          Step {step + 1} of {STEPS.length}: {STEPS[step]}
        </h2>
        {step === NAME && <NameStep {...props} kindLocked={job !== null} />}
        {step === SAMPLE && <SampleStep {...props} canSample={canSample} busy={busy} onRead={(file, format) => void readSample(file, format)} readError={stepError} />}
        {step === MAPPING && <MappingStep {...props} savedMappings={savedMappings} localError={stepError} />}
        {step === SCHEDULE && <ScheduleStep {...props} />}
        {step === NOTIFICATIONS && <NotificationsStep {...props} />}
        {step === REVIEW && job && (
          <div class="review">
            <p>
              Check the settings. Activating arms the schedule; the job then picks files matching <code>{job.source.filenamePattern}</code> from its drop
              location. You can put a file there from the job's page.
            </p>
            <ImportJobSettings job={job} />
          </div>
        )}
        {stepError && step !== SAMPLE && step !== MAPPING && (
          <p class="error-message" role="alert">
            {stepError}
          </p>
        )}
        <div class="step-nav">
          <button type="button" class="secondary" disabled={step === NAME || busy} onClick={() => { setErrors({}); setStepError(undefined); setStep((s) => Math.max(s - 1, NAME)); }}>
            Back
          </button>
          {step < REVIEW ? (
            <button type="submit" disabled={busy}>
              {busy ? 'Saving…' : 'Next'}
            </button>
          ) : (
            <div class="actions">
              <a class="button secondary" href={job ? dashboardPaths.importJob(job.id) : dashboardPaths.importJobs}>
                {stopped ? `Keep it ${job?.status}` : 'Keep as a draft'}
              </a>
              <button type="button" disabled={busy || !job} onClick={activate}>
                {busy ? 'Saving…' : stopped ? 'Reactivate' : 'Activate'}
              </button>
            </div>
          )}
        </div>
      </form>
    </section>
  );
}
