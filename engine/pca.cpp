#include "engine/pca.h"

#include <Eigen/Dense>
#include <omp.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <limits>

// Reference BLAS interface (OpenBLAS provides it, with runtime CPU dispatch). Called inside an
// OpenMP parallel region, OpenBLAS's OpenMP build runs each call on the calling thread alone.
extern "C" {
void dsyrk_(const char* uplo, const char* trans, const int* n, const int* k, const double* alpha,
            const double* a, const int* lda, const double* beta, double* c, const int* ldc);
void dgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k,
            const double* alpha, const double* a, const int* lda, const double* b, const int* ldb,
            const double* beta, double* c, const int* ldc);
}

namespace mllab {
namespace {

constexpr std::size_t kCancelRows = 32768; // rows between cancellation checks, per thread

std::string columnName(const PcaParams& p, std::size_t j)
{
    return p.names.empty() ? "column " + std::to_string(j + 1) : "column '" + p.names[j] + "'";
}

/// The checks that need no pass over the values: counts, lengths and the components asked for.
void checkShape(const PcaParams& p)
{
    const std::size_t d = p.columns.size();
    if (d == 0)
        throw InputError("PCA needs at least one numeric feature column");
    if (!p.names.empty() && p.names.size() != d)
        throw InputError("PCA got " + std::to_string(p.names.size()) + " feature names for " +
                         std::to_string(d) + " columns");
    const std::size_t n = p.columns[0].size();
    for (std::size_t j = 1; j < d; ++j)
        if (p.columns[j].size() != n)
            throw InputError(columnName(p, j) + " has " + std::to_string(p.columns[j].size()) +
                             " values; the first has " + std::to_string(n));
    if (n < 2)
        throw InputError("PCA needs at least 2 rows (got " + std::to_string(n) + ")");
    if (n > std::size_t(std::numeric_limits<int>::max()))
        throw InputError("PCA supports at most 2^31 - 1 rows");
    if (p.components > std::min(n, d))
        throw InputError(
            "components must be at most min(rows, features) = " + std::to_string(std::min(n, d)) +
            " (got " + std::to_string(p.components) + ")");
}

/// Called when some column's sum or sum of squares came out non-finite: names the first such
/// column holding a NaN or infinity and that value's row (1-based); a column without one has
/// values whose squares overflow.
[[noreturn]] void throwNonFinite(const PcaParams& p, const std::vector<char>& suspect)
{
    for (std::size_t j = 0; j < p.columns.size(); ++j) {
        if (!suspect[j])
            continue;
        const std::vector<double>& column = p.columns[j];
        const auto bad =
            std::find_if(column.begin(), column.end(), [](double v) { return !std::isfinite(v); });
        if (bad != column.end())
            throw InputError(columnName(p, j) + " has a NaN or infinite value at row " +
                             std::to_string(bad - column.begin() + 1));
    }
    const std::size_t j =
        std::size_t(std::find(suspect.begin(), suspect.end(), 1) - suspect.begin());
    throw InputError(columnName(p, j) +
                     " has values too large for PCA (their squares overflow a double)");
}

/// Threads for the passes over the rows: the logical CPUs, at most 4, unless OMP_NUM_THREADS
/// says otherwise (as engine/torch_runtime sets libtorch's), and no more than gives each
/// thread about 64k values.
int rowThreads(std::size_t n, std::size_t d)
{
    int threads = omp_get_max_threads();
    if (!std::getenv("OMP_NUM_THREADS"))
        threads = std::min(threads, 4);
    const std::size_t byWork = n * d / 65536;
    return int(std::clamp<std::size_t>(byWork, 1, std::size_t(std::max(threads, 1))));
}

/// Rows per block: about 400 KB of doubles, so that a block stays in the core's L2 cache
/// between its fill and the BLAS call that reads it.
int blockRows(std::size_t d)
{
    return int(std::clamp<std::size_t>(51200 / std::max<std::size_t>(d, 1), 64, 8192));
}

/// Runs body(thread, firstRow, endRow, stop) on each of `threads` OpenMP threads over
/// contiguous, ordered row ranges that cover [0, n); returns the number of threads that ran
/// (OpenMP may grant fewer). An exception in any thread raises `stop` (which bodies poll
/// between blocks) and is rethrown here once every thread has finished: none escapes the
/// parallel region.
template <class Body> int forRowRanges(std::size_t n, int threads, Body&& body)
{
    std::exception_ptr error;
    std::atomic<bool> stop{false};
    int ran = 1;
#pragma omp parallel num_threads(threads) if (threads > 1)
    {
        const int t = omp_get_thread_num(), count = omp_get_num_threads();
        if (t == 0)
            ran = count;
        try {
            body(t, n * std::size_t(t) / std::size_t(count),
                 n * std::size_t(t + 1) / std::size_t(count), stop);
        } catch (...) {
#pragma omp critical(mllab_pca_error)
            if (!error)
                error = std::current_exception();
            stop.store(true, std::memory_order_relaxed);
        }
    }
    if (error)
        std::rethrow_exception(error);
    return ran;
}

/// A shift close to each feature's mean, subtracted before the scatter matrix is summed so that
/// a large offset cancels exactly instead of in the squares: the median of the first (up to)
/// 63 finite values, an actual value, so a constant feature shifts to exact zeros.
std::vector<double> pilotShift(const PcaParams& p)
{
    std::vector<double> pilot(p.columns.size(), 0.0), head;
    for (std::size_t j = 0; j < p.columns.size(); ++j) {
        head.clear();
        for (double v : p.columns[j]) {
            if (std::isfinite(v))
                head.push_back(v);
            if (head.size() == 63)
                break;
        }
        if (head.empty())
            continue;
        const auto middle = head.begin() + std::ptrdiff_t(head.size() / 2);
        std::nth_element(head.begin(), middle, head.end());
        pilot[j] = *middle;
    }
    return pilot;
}

/// One pass over the rows gives the mean, the scale and the d x d scatter matrix of the
/// centred (scaled) data. Each thread fills blocks of its rows, shifted by the pilot, with a
/// column of ones appended, and accumulates their (d + 1) x (d + 1) Gram matrix with BLAS syrk
/// into its own matrix: the shifted scatter S, the shifted sums s and the row count. Then
/// delta = s / n, mean = pilot + delta and C = S - delta s^T (exact algebra; the shift keeps
/// delta small, so the subtraction cancels little). With standardize, sd_j = sqrt(C_jj / n)
/// and C_ij / (sd_i sd_j): no second pass.
Eigen::MatrixXd scatterMatrix(const PcaParams& p, PcaResult& r, int threads,
                              const Progress& progress)
{
    const std::size_t n = r.samples, d = r.features;
    const int block = blockRows(d + 1), dd = int(d + 1);
    const std::vector<double> pilot = pilotShift(p);
    std::vector<Eigen::MatrixXd> gram(static_cast<std::size_t>(threads));
    threads = forRowRanges(
        n, threads, [&](int t, std::size_t first, std::size_t end, const std::atomic<bool>& stop) {
            Eigen::MatrixXd& g = gram[std::size_t(t)];
            g.setZero(dd, dd);
            Eigen::MatrixXd x(block, dd);
            x.col(dd - 1).setOnes();
            const double alpha = 1.0, beta = 1.0;
            for (std::size_t start = first; start < end; start += std::size_t(block)) {
                if ((start - first) % kCancelRows < std::size_t(block)) {
                    progress.checkCancelled();
                    if (stop.load(std::memory_order_relaxed))
                        return;
                }
                const int rows = int(std::min(std::size_t(block), end - start));
                for (std::size_t j = 0; j < d; ++j) {
                    const double* in = p.columns[j].data() + start;
                    double* out = x.data() + std::ptrdiff_t(j) * block;
                    const double shift = pilot[j];
                    for (int i = 0; i < rows; ++i)
                        out[i] = in[i] - shift;
                }
                dsyrk_("L", "T", &dd, &rows, &alpha, x.data(), &block, &beta, g.data(), &dd);
            }
        });
    Eigen::MatrixXd total = gram[0];
    for (int t = 1; t < threads; ++t)
        total += gram[std::size_t(t)];

    const Eigen::Index di = Eigen::Index(d);
    const Eigen::VectorXd sums = total.row(di).head(di).transpose();
    std::vector<char> suspect(d);
    bool anySuspect = false;
    for (std::size_t j = 0; j < d; ++j) {
        const Eigen::Index jj = Eigen::Index(j);
        suspect[j] = !std::isfinite(sums[jj]) || !std::isfinite(total(jj, jj));
        anySuspect = anySuspect || suspect[j];
    }
    if (anySuspect)
        throwNonFinite(p, suspect);

    const Eigen::VectorXd delta = sums / double(n);
    Eigen::MatrixXd c = total.topLeftCorner(di, di);
    c.triangularView<Eigen::Lower>() -= delta * sums.transpose();
    r.mean.resize(d);
    r.scale.assign(d, 1.0);
    for (std::size_t j = 0; j < d; ++j) {
        r.mean[j] = pilot[j] + delta[Eigen::Index(j)];
        if (p.standardize) {
            const double sd =
                std::sqrt(std::max(0.0, c(Eigen::Index(j), Eigen::Index(j))) / double(n));
            if (sd > 0)
                r.scale[j] = sd;
        }
    }
    if (p.standardize) {
        const Eigen::Map<const Eigen::VectorXd> scale(r.scale.data(), di);
        c.triangularView<Eigen::Lower>() =
            c.cwiseQuotient(scale * scale.transpose()).triangularView<Eigen::Lower>();
    }
    c.triangularView<Eigen::StrictlyUpper>() = c.transpose();
    return c;
}

/// Mean and scale from two exact passes per column (the SVD path, for data that are wide
/// rather than long), with the same checks as the covariance path.
void meanAndScale(const PcaParams& p, PcaResult& r)
{
    const std::size_t n = r.samples, d = r.features;
    r.mean.resize(d);
    r.scale.assign(d, 1.0);
    std::vector<char> suspect(d);
    bool anySuspect = false;
    for (std::size_t j = 0; j < d; ++j) {
        const Eigen::Map<const Eigen::VectorXd> column(p.columns[j].data(), Eigen::Index(n));
        const double sum = column.sum();
        suspect[j] = !std::isfinite(sum);
        anySuspect = anySuspect || suspect[j];
        r.mean[j] = sum / double(n);
        if (!p.standardize || suspect[j])
            continue;
        const double sd = std::sqrt((column.array() - r.mean[j]).square().sum() / double(n));
        if (sd > 0)
            r.scale[j] = sd;
    }
    if (anySuspect)
        throwNonFinite(p, suspect);
}

/// The centred (scaled) data as one n x d matrix (the SVD path).
Eigen::MatrixXd centredMatrix(const PcaParams& p, const PcaResult& r)
{
    Eigen::MatrixXd x(static_cast<Eigen::Index>(r.samples), static_cast<Eigen::Index>(r.features));
    for (std::size_t j = 0; j < r.features; ++j)
        x.col(Eigen::Index(j)) =
            (Eigen::Map<const Eigen::ArrayXd>(p.columns[j].data(), Eigen::Index(r.samples)) -
             r.mean[j]) /
            r.scale[j];
    return x;
}

/// The largest |score| a thread has seen for one component and its signed value.
struct Largest {
    double magnitude = -1.0, value = 0.0;
};

/// svd_flip (u-based) without the n x k score matrix: each thread fills cache-sized blocks of
/// its rows centred by the mean and multiplies them by V with its rows divided by the scale
/// (BLAS gemm), then scans each component's scores for the largest magnitude (a vectorised
/// block maximum, then the first row reaching it). The threads' winners are combined in row
/// order, so the first row wins a tie, as numpy's argmax; that score's sign is made positive by
/// flipping the component. The scores of the first `projected` components are kept, flipped
/// alike, as the projection.
void flipSignsAndProject(const PcaParams& p, const PcaResult& r, Eigen::MatrixXd& v, int k,
                         int projected, std::vector<std::vector<double>>& projection, int threads,
                         const Progress& progress)
{
    const std::size_t n = r.samples, d = r.features;
    const int block = blockRows(d + std::size_t(k)), di = int(d);
    Eigen::MatrixXd scaledV = v.leftCols(k);
    for (std::size_t j = 0; j < d; ++j)
        scaledV.row(Eigen::Index(j)) /= r.scale[j];
    projection.assign(std::size_t(projected), std::vector<double>(n));
    std::vector<std::vector<Largest>> largest(static_cast<std::size_t>(threads));
    threads = forRowRanges(
        n, threads, [&](int t, std::size_t first, std::size_t end, const std::atomic<bool>& stop) {
            std::vector<Largest>& best = largest[std::size_t(t)];
            best.assign(std::size_t(k), Largest{});
            std::vector<double> x(std::size_t(block) * d);
            std::vector<double> s(std::size_t(block) * std::size_t(k));
            const double alpha = 1.0, beta = 0.0;
            for (std::size_t start = first; start < end; start += std::size_t(block)) {
                if ((start - first) % kCancelRows < std::size_t(block)) {
                    progress.checkCancelled();
                    if (stop.load(std::memory_order_relaxed))
                        return;
                }
                const int rows = int(std::min(std::size_t(block), end - start));
                for (std::size_t j = 0; j < d; ++j) {
                    const double* in = p.columns[j].data() + start;
                    double* out = x.data() + std::ptrdiff_t(j) * block;
                    const double mean = r.mean[j];
                    for (int i = 0; i < rows; ++i)
                        out[i] = in[i] - mean;
                }
                dgemm_("N", "N", &rows, &k, &di, &alpha, x.data(), &block, scaledV.data(), &di,
                       &beta, s.data(), &block);
                for (int c = 0; c < k; ++c) {
                    const double* col = s.data() + std::ptrdiff_t(c) * block;
                    double blockMax = 0;
                    for (int i = 0; i < rows; ++i)
                        blockMax = std::max(blockMax, std::abs(col[i]));
                    Largest& b = best[std::size_t(c)];
                    if (blockMax > b.magnitude) {
                        b.magnitude = blockMax;
                        b.value = *std::find_if(col, col + rows, [&](double value) {
                            return std::abs(value) == blockMax;
                        });
                    }
                    if (c < projected)
                        std::copy(col, col + rows,
                                  projection[std::size_t(c)].begin() + std::ptrdiff_t(start));
                }
            }
        });
    for (int c = 0; c < k; ++c) {
        Largest winner;
        for (int t = 0; t < threads; ++t)
            if (largest[std::size_t(t)][std::size_t(c)].magnitude > winner.magnitude)
                winner = largest[std::size_t(t)][std::size_t(c)];
        if (winner.value >= 0)
            continue;
        v.col(c) = -v.col(c);
        if (c < projected)
            for (double& value : projection[std::size_t(c)])
                value = -value;
    }
}

} // namespace

std::size_t elbowIndex(const std::vector<double>& values)
{
    const std::size_t m = values.size();
    if (m < 3)
        return 0;
    const double first = values.front(), last = values.back();
    const double span = first - last;
    if (!(span > 0))
        return 0;
    std::size_t best = 0;
    double bestGap = 0;
    for (std::size_t i = 1; i + 1 < m; ++i) {
        const double x = double(i) / double(m - 1);
        const double y = (values[i] - last) / span;
        const double gap = (1.0 - x) - y; // chord from (0, 1) to (1, 0) minus the curve
        if (gap > bestGap) {
            bestGap = gap;
            best = i;
        }
    }
    return best;
}

PcaResult computePca(const PcaParams& params, const Progress& progress)
{
    checkShape(params);
    PcaResult r;
    r.samples = params.columns[0].size();
    r.features = params.columns.size();
    r.names = params.names;
    if (r.names.empty())
        for (std::size_t j = 0; j < r.features; ++j)
            r.names.push_back("x" + std::to_string(j + 1));
    const std::size_t n = r.samples, d = r.features;
    const std::size_t rank = std::min(n, d);
    const std::size_t keep = params.components ? params.components : rank;

    r.solver = params.solver;
    if (r.solver == PcaSolver::Auto)
        r.solver = n >= 10 * d ? PcaSolver::Covariance : PcaSolver::Svd;
    const int threads = rowThreads(n, d);

    Eigen::VectorXd singular(static_cast<Eigen::Index>(rank));
    Eigen::MatrixXd v; // d x rank, columns = components, descending
    if (r.solver == PcaSolver::Covariance) {
        const Eigen::MatrixXd scatter = scatterMatrix(params, r, threads, progress);
        progress.update(0.4, "decomposing");
        const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(scatter);
        if (eig.info() != Eigen::Success)
            throw InputError("PCA: the eigendecomposition did not converge");
        // Ascending eigenvalues; keep the top `rank` in descending order.
        v.resize(Eigen::Index(d), Eigen::Index(rank));
        for (std::size_t k = 0; k < rank; ++k) {
            const Eigen::Index src = Eigen::Index(d - 1 - k);
            singular[Eigen::Index(k)] = std::sqrt(std::max(0.0, eig.eigenvalues()[src]));
            v.col(Eigen::Index(k)) = eig.eigenvectors().col(src);
        }
    } else {
        meanAndScale(params, r);
        progress.update(0.2, "decomposing");
        const Eigen::BDCSVD<Eigen::MatrixXd> svd(centredMatrix(params, r), Eigen::ComputeThinV);
        singular = svd.singularValues().head(Eigen::Index(rank));
        v = svd.matrixV().leftCols(Eigen::Index(rank));
    }
    progress.update(0.6, "scores and signs");

    // svd_flip (u-based): the score of largest magnitude in each component is positive.
    flipSignsAndProject(params, r, v, int(keep), int(std::min(keep, params.projectionComponents)),
                        r.projection, threads, progress);

    const double dof = double(n - 1);
    double total = 0;
    for (std::size_t k = 0; k < rank; ++k)
        total += singular[Eigen::Index(k)] * singular[Eigen::Index(k)] / dof;
    double cumulative = 0;
    for (std::size_t k = 0; k < keep; ++k) {
        const double sv = singular[Eigen::Index(k)];
        const double variance = sv * sv / dof;
        const double ratio = total > 0 ? variance / total : 0.0;
        cumulative += ratio;
        r.singularValues.push_back(sv);
        r.explainedVariance.push_back(variance);
        r.explainedVarianceRatio.push_back(ratio);
        r.cumulativeRatio.push_back(cumulative);
        const auto comp = v.col(Eigen::Index(k));
        r.components.emplace_back(comp.data(), comp.data() + d);
    }
    r.componentsFor95 =
        std::size_t(std::upper_bound(r.cumulativeRatio.begin(), r.cumulativeRatio.end(), 0.95) -
                    r.cumulativeRatio.begin()) +
        1;
    r.componentsFor95 = std::min(r.componentsFor95, keep);
    r.elbow = elbowIndex(r.explainedVarianceRatio);
    progress.update(1.0, "done");
    return r;
}

} // namespace mllab
