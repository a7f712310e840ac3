#include "engine/pca.h"
#include "engine/simd_clones.h"

#include "engine/magnitudes.h"

#include <Eigen/Dense>
#include <omp.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <limits>
#include <sstream>

// Reference BLAS interface (OpenBLAS provides it, with runtime CPU dispatch). Called inside an
// OpenMP parallel region, OpenBLAS's OpenMP build runs each call on the calling thread alone.
extern "C" {
void dsyrk_(const char* uplo, const char* trans, const int* n, const int* k, const double* alpha,
            const double* a, const int* lda, const double* beta, double* c, const int* ldc);
void sgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k,
            const float* alpha, const float* a, const int* lda, const float* b, const int* ldb,
            const float* beta, float* c, const int* ldc);
}

namespace mllab {
namespace {

constexpr std::size_t kCancelRows = 32768; // rows between cancellation checks, per thread

std::string columnName(const PcaParams& p, std::size_t j)
{
    return p.names.empty() ? "column " + std::to_string(j + 1) : "column '" + p.names[j] + "'";
}

// ---------------------------------------------------------------------------------------------
// The loops over a block's rows, each with an AVX2 clone chosen at run time (a portable x86-64
// build otherwise runs them two doubles or four floats at a time). -ffp-contract=off (see
// CMakeLists.txt) keeps every clone's rounding that of the plain C++.

template <class T> using Vec32 __attribute__((vector_size(32))) = T;
using Float8 = Vec32<float>;

/// out[i] = in[i] - shift.
MLLAB_AVX2_CLONES void shifted(const double* in, int n, double shift, double* out)
{
    for (int i = 0; i < n; ++i)
        out[i] = in[i] - shift;
}

/// out[i] = float((in[i] - mean) * shrink).
MLLAB_AVX2_CLONES void centredToFloat(const double* in, int n, double mean, double shrink,
                                      float* out)
{
    for (int i = 0; i < n; ++i)
        out[i] = float((in[i] - mean) * shrink);
}

/// acc[i] += (in[i] - mean) * weight: one term of an exact score, as exactScore adds it.
MLLAB_AVX2_CLONES void addCentredTimes(const double* in, int n, double mean, double weight,
                                       double* acc)
{
    for (int i = 0; i < n; ++i)
        acc[i] += (in[i] - mean) * weight;
}

/// The largest |x[i]| (0 for n = 0), from the largest and smallest values in eight lanes.
MLLAB_AVX2_CLONES float absMax(const float* x, int n)
{
    Float8 hiA = {}, hiB = {}, loA = {}, loB = {};
    int i = 0;
    for (; i + 16 <= n; i += 16) {
        Float8 a, b;
        std::memcpy(&a, x + i, sizeof a);
        std::memcpy(&b, x + i + 8, sizeof b);
        hiA = a > hiA ? a : hiA;
        hiB = b > hiB ? b : hiB;
        loA = a < loA ? a : loA;
        loB = b < loB ? b : loB;
    }
    float m = 0;
    for (int lane = 0; lane < 8; ++lane)
        m = std::max({m, hiA[lane], hiB[lane], -loA[lane], -loB[lane]});
    for (; i < n; ++i)
        m = std::max(m, std::abs(x[i]));
    return m;
}

/// Refuses finite values whose squares could overflow (NaN and infinities are named later).
void checkMagnitudes(const PcaParams& p)
{
    for (std::size_t j = 0; j < p.columns.size(); ++j)
        mllab::checkMagnitudes(p.columns[j], kMaxDoubleDataMagnitude, columnName(p, j), "PCA");
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
    checkMagnitudes(p);
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

/// Rows per block: about 400 KB, so that a block stays in the core's L2 cache between its fill
/// and the BLAS call that reads it.
int blockRows(std::size_t bytesPerRow)
{
    return int(std::clamp<std::size_t>(409600 / std::max<std::size_t>(bytesPerRow, 1), 64, 8192));
}

/// How the passes split the rows: chunks of whole blocks, handed to the threads as they come
/// free, each with its own accumulator, combined in row order. The split depends on the data's
/// shape only, never on the thread count, so the results round the same with any count.
struct Chunks {
    std::size_t rows = 0;  ///< rows per chunk (the last may have fewer)
    std::size_t count = 0; ///< number of chunks
};

/// 8 chunks (enough to balance 2 to 4 threads when another process takes a core for a while;
/// 32 were measured slower: every chunk starts with the hardware prefetchers cold), 4 when
/// accumulators of `stateBytes` each would pass 32 MB.
Chunks splitRows(std::size_t n, int block, std::size_t stateBytes)
{
    const std::size_t blocks = (n + std::size_t(block) - 1) / std::size_t(block);
    const std::size_t most = std::clamp<std::size_t>(
        (std::size_t(32) << 20) / std::max<std::size_t>(stateBytes, 1), 4, 8);
    const std::size_t rows = (blocks + most - 1) / most * std::size_t(block);
    return {rows, (n + rows - 1) / rows};
}

/// Between blocks of a chunk, about every kCancelRows rows: throws Cancelled when the caller
/// cancelled, and says whether another chunk failed (this one should then stop).
bool chunkShouldStop(std::size_t rowsDone, int block, const Progress& progress,
                     const std::atomic<bool>& stop)
{
    if (rowsDone % kCancelRows >= std::size_t(block))
        return false;
    progress.checkCancelled();
    return stop.load(std::memory_order_relaxed);
}

/// Runs body(thread, chunk, firstRow, endRow, stop) for every chunk on up to `threads` OpenMP
/// threads (thread < threads indexes per-thread scratch space). An exception raises `stop`
/// (bodies poll it between blocks; chunks not yet started are skipped) and is rethrown here
/// once every thread has finished: none escapes the parallel region.
template <class Body> void forChunks(std::size_t n, const Chunks& chunks, int threads, Body&& body)
{
    std::exception_ptr error;
    std::atomic<bool> stop{false};
    const long count = long(chunks.count);
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads) if (threads > 1)
    for (long c = 0; c < count; ++c) {
        if (stop.load(std::memory_order_relaxed))
            continue;
        try {
            const std::size_t first = std::size_t(c) * chunks.rows;
            body(omp_get_thread_num(), std::size_t(c), first, std::min(n, first + chunks.rows),
                 stop);
        } catch (...) {
#pragma omp critical(mllab_pca_error)
            if (!error)
                error = std::current_exception();
            stop.store(true, std::memory_order_relaxed);
        }
    }
    if (error)
        std::rethrow_exception(error);
}

/// scikit-learn's StandardScaler rule: a variance within the rounding error of its own
/// computation (n eps var + (n |mean| eps)^2) is that of a constant feature, which keeps scale 1.
bool varianceIsRounding(double variance, double mean, std::size_t n)
{
    const double eps = std::numeric_limits<double>::epsilon(), nd = double(n);
    return variance <= nd * eps * variance + (nd * mean * eps) * (nd * mean * eps);
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
/// centred (scaled) data. Each chunk of rows is filled block by block, shifted by the pilot,
/// with a column of ones appended, and accumulates the blocks' (d + 1) x (d + 1) Gram matrix
/// with BLAS syrk into its own matrix; their sum in row order holds the shifted scatter S, the
/// shifted sums s and the row count. Then
/// delta = s / n, mean = pilot + delta and C = S - delta s^T (exact algebra; the shift keeps
/// delta small, so the subtraction cancels little). With standardize, sd_j = sqrt(C_jj / n)
/// and C_ij / (sd_i sd_j): no second pass.
Eigen::MatrixXd scatterMatrix(const PcaParams& p, PcaResult& r, std::vector<double>& spread,
                              int threads, const Progress& progress)
{
    const std::size_t n = r.samples, d = r.features;
    const int block = blockRows(8 * (d + 1)), dd = int(d + 1);
    const std::vector<double> pilot = pilotShift(p);
    const Chunks chunks = splitRows(n, block, std::size_t(dd * dd) * sizeof(double));
    std::vector<Eigen::MatrixXd> gram(chunks.count), buffers(static_cast<std::size_t>(threads));
    forChunks(n, chunks, threads,
              [&](int t, std::size_t chunk, std::size_t first, std::size_t end,
                  const std::atomic<bool>& stop) {
                  Eigen::MatrixXd& g = gram[chunk];
                  g.setZero(dd, dd);
                  Eigen::MatrixXd& x = buffers[std::size_t(t)];
                  if (x.size() == 0) {
                      x.resize(block, dd);
                      x.col(dd - 1).setOnes();
                  }
                  const double alpha = 1.0, beta = 1.0;
                  for (std::size_t start = first; start < end; start += std::size_t(block)) {
                      if (chunkShouldStop(start - first, block, progress, stop))
                          return;
                      const int rows = int(std::min(std::size_t(block), end - start));
                      for (std::size_t j = 0; j < d; ++j)
                          shifted(p.columns[j].data() + start, rows, pilot[j],
                                  x.data() + std::ptrdiff_t(j) * block);
                      dsyrk_("L", "T", &dd, &rows, &alpha, x.data(), &block, &beta, g.data(), &dd);
                  }
              });
    Eigen::MatrixXd total = gram[0];
    for (std::size_t chunk = 1; chunk < chunks.count; ++chunk)
        total += gram[chunk];

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
    spread.resize(d);
    for (std::size_t j = 0; j < d; ++j) {
        r.mean[j] = pilot[j] + delta[Eigen::Index(j)];
        const double squares = std::max(0.0, c(Eigen::Index(j), Eigen::Index(j)));
        spread[j] = std::sqrt(squares);
        if (p.standardize && !varianceIsRounding(squares / double(n), r.mean[j], n))
            r.scale[j] = std::sqrt(squares / double(n));
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
/// rather than long), with the same checks as the covariance path; spread is each feature's
/// largest |x - mean|.
void meanAndScale(const PcaParams& p, PcaResult& r, std::vector<double>& spread)
{
    const std::size_t n = r.samples, d = r.features;
    r.mean.resize(d);
    r.scale.assign(d, 1.0);
    spread.assign(d, 0.0);
    std::vector<char> suspect(d);
    bool anySuspect = false;
    for (std::size_t j = 0; j < d; ++j) {
        const Eigen::Map<const Eigen::ArrayXd> column(p.columns[j].data(), Eigen::Index(n));
        r.mean[j] = column.sum() / double(n);
        if (std::isfinite(r.mean[j]))
            spread[j] = (column - r.mean[j]).abs().maxCoeff();
        suspect[j] = !std::isfinite(r.mean[j]) || !std::isfinite(spread[j]);
        anySuspect = anySuspect || suspect[j];
        if (!p.standardize || suspect[j])
            continue;
        const double variance = (column - r.mean[j]).square().sum() / double(n);
        if (!varianceIsRounding(variance, r.mean[j], n))
            r.scale[j] = std::sqrt(variance);
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

/// 2^-e for the smallest e with 2^e >= 2 x (x >= 0): multiplying by it is exact.
double shrinkBelowHalf(double x)
{
    int e = 0;
    std::frexp(x, &e); // x = m 2^e, 0.5 <= m < 1, so 2^(e + 1) >= 2 x
    return std::ldexp(1.0, -(e + 1));
}

/// svd_flip (u-based) without the n x k score matrix, and the projection: for each component,
/// the row whose score has the largest magnitude (the first such row, as numpy's argmax) gets
/// a positive score by flipping the component if needed.
///
/// The scores are screened in single precision and settled in double. Each chunk of rows is
/// filled block by cache-sized block, centred and scaled per feature by a power of two into
/// [-1, 1], as floats, multiplies them by V (rows divided by the feature's scale, columns by a
/// power of two into [-1, 1]) with BLAS sgemm, and bounds each float score's error by
/// (d + 4) 2^-24 x 1.25 x sum_j max|x_ij| |v_jc| over the block (rounding of both inputs and
/// of a d-term float dot product) plus an underflow floor. A row can hold the largest exact
/// score only if its float score plus the bound reaches the running lower bound of the largest
/// score, so only those rows get their exact score, sum_j (x_ij - mean_j) v_jc in double in
/// feature order: the same operations for every row, so duplicated rows tie exactly. The
/// chunks' winners are merged in row order. The first `projected` components' exact scores,
/// computed in the fill by the same operations, are the projection.
void flipSignsAndProject(const PcaParams& p, const PcaResult& r, const std::vector<double>& spread,
                         Eigen::MatrixXd& v, int k, int projected,
                         std::vector<std::vector<double>>& projection, int threads,
                         const Progress& progress)
{
    const std::size_t n = r.samples, d = r.features, kk = std::size_t(k);
    const int di = int(d);
    const int block = blockRows(4 * (d + kk) + 8 * std::size_t(projected));
    Eigen::MatrixXd vd = v.leftCols(k); // V for the exact scores of the unscaled centred data
    std::vector<double> shrink(d);
    for (std::size_t j = 0; j < d; ++j) {
        vd.row(Eigen::Index(j)) /= r.scale[j];
        shrink[j] = shrinkBelowHalf(spread[j]);
    }
    Eigen::MatrixXf vf(di, k);
    for (int c = 0; c < k; ++c) {
        double largestWeight = 0;
        for (int j = 0; j < di; ++j)
            largestWeight = std::max(largestWeight, std::abs(vd(j, c)) / shrink[std::size_t(j)]);
        const double unit = shrinkBelowHalf(largestWeight);
        for (int j = 0; j < di; ++j)
            vf(j, c) = float(vd(j, c) / shrink[std::size_t(j)] * unit);
    }
    const Eigen::MatrixXd vfAbs = vf.cast<double>().cwiseAbs();
    const double factor = double(d + 4) * 0x1p-24 * 1.25, floor = double(d + 4) * 0x1p-126;

    const auto exactScore = [&](std::size_t row, int c) {
        double score = 0;
        for (std::size_t j = 0; j < d; ++j)
            score += (p.columns[j][row] - r.mean[j]) * vd(Eigen::Index(j), c);
        return score;
    };

    projection.assign(std::size_t(projected), std::vector<double>(n, 0.0));
    /// Per thread: the float block, its scores, the exact scores of a block, candidate rows.
    struct Scratch {
        Eigen::MatrixXf x, s;
        std::vector<double> exact;
        std::vector<int> candidates;
    };
    const Chunks chunks = splitRows(n, block, kk * sizeof(Largest));
    std::vector<std::vector<Largest>> largest(chunks.count);
    std::vector<Scratch> scratch(static_cast<std::size_t>(threads));
    // Lower bounds of each component's largest |score| (float units), raised by every chunk and
    // read by all: which rows get rescored then depends on timing, the winner never does.
    std::vector<std::atomic<double>> lower(kk);
    for (auto& bound : lower)
        bound.store(-1.0, std::memory_order_relaxed);
    forChunks(n, chunks, threads,
              [&](int t, std::size_t chunk, std::size_t first, std::size_t end,
                  const std::atomic<bool>& stop) {
                  std::vector<Largest>& best = largest[chunk];
                  best.assign(kk, Largest{});
                  Scratch& own = scratch[std::size_t(t)];
                  if (own.x.size() == 0) {
                      own.x.resize(block, di);
                      own.s.resize(block, k);
                      own.exact.resize(std::size_t(block));
                  }
                  Eigen::MatrixXf& x = own.x;
                  Eigen::MatrixXf& s = own.s;
                  std::vector<double>& exact = own.exact;
                  std::vector<int>& candidates = own.candidates;
                  Eigen::VectorXd blockMax(di);
                  const float alpha = 1.0f, beta = 0.0f;
                  for (std::size_t start = first; start < end; start += std::size_t(block)) {
                      if (chunkShouldStop(start - first, block, progress, stop))
                          return;
                      const int rows = int(std::min(std::size_t(block), end - start));
                      for (std::size_t j = 0; j < d; ++j) {
                          const double* in = p.columns[j].data() + start;
                          float* out = x.data() + std::ptrdiff_t(j) * block;
                          centredToFloat(in, rows, r.mean[j], shrink[j], out);
                          blockMax[Eigen::Index(j)] = double(absMax(out, rows));
                          for (int c = 0; c < projected; ++c)
                              addCentredTimes(in, rows, r.mean[j], vd(Eigen::Index(j), c),
                                              projection[std::size_t(c)].data() + start);
                      }
                      sgemm_("N", "N", &rows, &k, &di, &alpha, x.data(), &block, vf.data(), &di,
                             &beta, s.data(), &block);
                      for (int c = 0; c < k; ++c) {
                          const float* col = s.data() + std::ptrdiff_t(c) * block;
                          const float m = absMax(col, rows);
                          const double bound = factor * vfAbs.col(c).dot(blockMax) + floor;
                          std::atomic<double>& shared = lower[std::size_t(c)];
                          double seen = shared.load(std::memory_order_relaxed);
                          const double low = std::max(seen, double(m) - bound);
                          while (low > seen && !shared.compare_exchange_weak(
                                                   seen, low, std::memory_order_relaxed)) {
                          }
                          const double threshold = low - bound;
                          if (double(m) < threshold)
                              continue;
                          candidates.clear();
                          for (int i = 0; i < rows; ++i)
                              if (double(std::abs(col[i])) >= threshold)
                                  candidates.push_back(i);
                          Largest& top = best[std::size_t(c)];
                          const auto consider = [&top](double score) {
                              if (std::abs(score) > top.magnitude)
                                  top = {std::abs(score), score};
                          };
                          if (candidates.size() <= std::size_t(rows) / 16) {
                              for (int i : candidates)
                                  consider(exactScore(start + std::size_t(i), c));
                              continue;
                          }
                          // Many near-ties (a component without variance, repeated rows): the exact
                          // scores of the whole block, by the same operations in a vectorised
                          // order.
                          std::fill(exact.begin(), exact.begin() + rows, 0.0);
                          for (std::size_t j = 0; j < d; ++j)
                              addCentredTimes(p.columns[j].data() + start, rows, r.mean[j],
                                              vd(Eigen::Index(j), c), exact.data());
                          for (int i : candidates)
                              consider(exact[std::size_t(i)]);
                      }
                  }
              });
    for (int c = 0; c < k; ++c) {
        Largest winner;
        for (const std::vector<Largest>& best : largest)
            if (best[std::size_t(c)].magnitude > winner.magnitude)
                winner = best[std::size_t(c)];
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
    std::vector<double> spread; // per feature, a bound of max |x - mean| (float screening)

    Eigen::VectorXd singular(static_cast<Eigen::Index>(rank));
    Eigen::MatrixXd v; // d x rank, columns = components, descending
    if (r.solver == PcaSolver::Covariance) {
        const Eigen::MatrixXd scatter = scatterMatrix(params, r, spread, threads, progress);
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
        meanAndScale(params, r, spread);
        progress.update(0.2, "decomposing");
        const Eigen::BDCSVD<Eigen::MatrixXd> svd(centredMatrix(params, r), Eigen::ComputeThinV);
        singular = svd.singularValues().head(Eigen::Index(rank));
        v = svd.matrixV().leftCols(Eigen::Index(rank));
    }
    progress.update(0.6, "scores and signs");

    // svd_flip (u-based): the score of largest magnitude in each component is positive.
    flipSignsAndProject(params, r, spread, v, int(keep),
                        int(std::min(keep, params.projectionComponents)), r.projection, threads,
                        progress);

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
