#include "engine/pca.h"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>

// Reference BLAS interface (OpenBLAS provides it, with runtime CPU dispatch).
extern "C" {
void dsyrk_(const char* uplo, const char* trans, const int* n, const int* k, const double* alpha,
            const double* a, const int* lda, const double* beta, double* c, const int* ldc);
void dgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k,
            const double* alpha, const double* a, const int* lda, const double* b, const int* ldb,
            const double* beta, double* c, const int* ldc);
}

namespace mllab {
namespace {

constexpr std::size_t kRowBlock = 32768; // rows per BLAS call, between cancellation checks

/// Checks the table and returns each column's sum (Eigen's vectorised reduction, so sum / n is
/// Eigen's mean()). A NaN or infinity makes the sum non-finite, so only then is the column
/// scanned for the first bad row: one pass over the data instead of two.
std::vector<double> checkInputs(const PcaParams& p)
{
    const std::size_t d = p.columns.size();
    if (d == 0)
        throw InputError("PCA needs at least one numeric feature column");
    if (!p.names.empty() && p.names.size() != d)
        throw InputError("PCA got " + std::to_string(p.names.size()) + " feature names for " +
                         std::to_string(d) + " columns");
    const std::size_t n = p.columns[0].size();
    std::vector<double> sums(d);
    for (std::size_t j = 0; j < d; ++j) {
        const auto name = [&] {
            return p.names.empty() ? "column " + std::to_string(j + 1)
                                   : "column '" + p.names[j] + "'";
        };
        if (p.columns[j].size() != n)
            throw InputError(name() + " has " + std::to_string(p.columns[j].size()) +
                             " values; the first has " + std::to_string(n));
        sums[j] = Eigen::Map<const Eigen::VectorXd>(p.columns[j].data(), Eigen::Index(n)).sum();
        if (std::isfinite(sums[j]))
            continue;
        for (std::size_t i = 0; i < n; ++i)
            if (!std::isfinite(p.columns[j][i]))
                throw InputError(name() + " has a NaN or infinite value at row " +
                                 std::to_string(i + 1));
    }
    if (n < 2)
        throw InputError("PCA needs at least 2 rows (got " + std::to_string(n) + ")");
    if (n > std::size_t(std::numeric_limits<int>::max()))
        throw InputError("PCA supports at most 2^31 - 1 rows");
    if (p.components > std::min(n, d))
        throw InputError(
            "components must be at most min(rows, features) = " + std::to_string(std::min(n, d)) +
            " (got " + std::to_string(p.components) + ")");
    return sums;
}

/// Each feature's mean (sum / n, as Eigen's mean()) and, with standardize, its population
/// standard deviation (1 for a constant feature, which is then left unscaled).
void centreAndScale(const PcaParams& p, const std::vector<double>& sums, PcaResult& r)
{
    const std::size_t n = r.samples, d = r.features;
    r.mean.resize(d);
    r.scale.assign(d, 1.0);
    for (std::size_t j = 0; j < d; ++j) {
        r.mean[j] = sums[j] / double(n);
        if (!p.standardize)
            continue;
        const Eigen::Map<const Eigen::VectorXd> column(p.columns[j].data(), Eigen::Index(n));
        const double sd = std::sqrt((column.array() - r.mean[j]).square().sum() / double(n));
        if (sd > 0)
            r.scale[j] = sd;
    }
}

/// Rows [start, start + rows) of the centred (scaled) data into a column-major block with
/// leading dimension ld.
void fillBlock(const PcaParams& p, const PcaResult& r, std::size_t start, int rows, double* out,
               int ld)
{
    for (std::size_t j = 0; j < r.features; ++j) {
        const double* in = p.columns[j].data() + start;
        double* o = out + std::ptrdiff_t(j) * ld;
        const double mean = r.mean[j];
        if (p.standardize && r.scale[j] != 1.0) {
            const double sd = r.scale[j];
            for (int i = 0; i < rows; ++i)
                o[i] = (in[i] - mean) / sd;
        } else {
            for (int i = 0; i < rows; ++i)
                o[i] = in[i] - mean;
        }
    }
}

/// Rows per block of the blocked passes: about 3 MB of doubles, so a block stays in cache
/// between its fill and the BLAS call that reads it, and there are few BLAS calls (each one
/// is a join of OpenBLAS's threads: with 256 KB blocks, 300 calls made PCA three times
/// slower whenever another process held the second core).
int blockRows(std::size_t d)
{
    return int(std::clamp<std::size_t>(409600 / std::max<std::size_t>(d, 1), 256, 8192));
}

/// The centred (scaled) data as one n x d matrix (the SVD path).
Eigen::MatrixXd centredMatrix(const PcaParams& p, const PcaResult& r)
{
    Eigen::MatrixXd x(static_cast<Eigen::Index>(r.samples), static_cast<Eigen::Index>(r.features));
    fillBlock(p, r, 0, int(r.samples), x.data(), int(r.samples));
    return x;
}

/// X^T X of the centred (scaled) data, accumulated with BLAS syrk (lower triangle, then
/// mirrored) over cache-sized blocks that are centred as they are filled: no n x d copy.
Eigen::MatrixXd scatterMatrix(const PcaParams& p, const PcaResult& r, const Progress& progress)
{
    const int d = int(r.features), n = int(r.samples), block = blockRows(r.features);
    Eigen::MatrixXd c = Eigen::MatrixXd::Zero(d, d);
    std::vector<double> buffer(std::size_t(block) * std::size_t(d));
    const double alpha = 1.0, beta = 1.0;
    for (int start = 0; start < n; start += block) {
        if (start % int(kRowBlock) < block)
            progress.checkCancelled();
        const int rows = std::min(block, n - start);
        fillBlock(p, r, std::size_t(start), rows, buffer.data(), block);
        dsyrk_("L", "T", &d, &rows, &alpha, buffer.data(), &block, &beta, c.data(), &d);
    }
    c.triangularView<Eigen::StrictlyUpper>() = c.transpose();
    return c;
}

/// svd_flip (u-based) without the n x k score matrix: the scores X V of each cache-sized block
/// (filled and centred as in scatterMatrix, then one BLAS gemm) are scanned for each
/// component's score of largest magnitude (the first such row, as numpy's argmax), and that
/// score's sign is made positive by flipping the component. The scores of the first
/// `projected` components are kept, flipped alike, as the projection.
void flipSignsAndProject(const PcaParams& p, const PcaResult& r, Eigen::MatrixXd& v, int k,
                         int projected, std::vector<std::vector<double>>& projection,
                         const Progress& progress)
{
    const int d = int(r.features), n = int(r.samples), ldv = int(v.rows());
    const int block = blockRows(r.features);
    std::vector<double> x(std::size_t(block) * std::size_t(d));
    Eigen::MatrixXd s(block, k);
    std::vector<double> largest(std::size_t(k), -1.0), signedLargest(std::size_t(k), 0.0);
    projection.assign(std::size_t(projected), std::vector<double>(std::size_t(n)));
    const double alpha = 1.0, beta = 0.0;
    for (int start = 0; start < n; start += block) {
        if (start % int(kRowBlock) < block)
            progress.checkCancelled();
        const int rows = std::min(block, n - start);
        fillBlock(p, r, std::size_t(start), rows, x.data(), block);
        dgemm_("N", "N", &rows, &k, &d, &alpha, x.data(), &block, v.data(), &ldv, &beta, s.data(),
               &block);
        for (int c = 0; c < k; ++c) {
            const double* col = s.data() + std::ptrdiff_t(c) * block;
            // The block's largest magnitude first (a branch-free, vectorisable max); the
            // first row reaching it is looked for only when it beats the running best.
            double blockMax = 0;
            for (int i = 0; i < rows; ++i)
                blockMax = std::max(blockMax, std::abs(col[i]));
            if (blockMax > largest[std::size_t(c)]) {
                const int at =
                    int(std::find_if(col, col + rows,
                                     [&](double value) { return std::abs(value) == blockMax; }) -
                        col);
                largest[std::size_t(c)] = blockMax;
                signedLargest[std::size_t(c)] = col[at];
            }
            if (c < projected)
                std::copy(col, col + rows, projection[std::size_t(c)].begin() + start);
        }
    }
    for (int c = 0; c < k; ++c) {
        if (signedLargest[std::size_t(c)] >= 0)
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
    const std::vector<double> sums = checkInputs(params);
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

    centreAndScale(params, sums, r);
    progress.update(0.2, "decomposing");
    r.solver = params.solver;
    if (r.solver == PcaSolver::Auto)
        r.solver = n >= 10 * d ? PcaSolver::Covariance : PcaSolver::Svd;

    Eigen::VectorXd singular(static_cast<Eigen::Index>(rank));
    Eigen::MatrixXd v; // d x rank, columns = components, descending
    if (r.solver == PcaSolver::Covariance) {
        const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(
            scatterMatrix(params, r, progress));
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
        progress.checkCancelled();
        const Eigen::BDCSVD<Eigen::MatrixXd> svd(centredMatrix(params, r), Eigen::ComputeThinV);
        singular = svd.singularValues().head(Eigen::Index(rank));
        v = svd.matrixV().leftCols(Eigen::Index(rank));
    }
    progress.update(0.6, "scores and signs");

    // svd_flip (u-based): the score of largest magnitude in each component is positive.
    flipSignsAndProject(params, r, v, int(keep), int(std::min(keep, params.projectionComponents)),
                        r.projection, progress);

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
